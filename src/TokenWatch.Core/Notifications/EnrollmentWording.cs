using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Words;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The words of the conditions found by the enrollment scan and Intune's connector status: how many devices, which
/// serial numbers, which platforms, or what Intune itself says. Counts and serials come from the reason's finding,
/// as the scan saw them.
/// </summary>
public static class EnrollmentWording
{
    public static string Sentence(HealthReason reason, TokenObservation token, DateTimeOffset at)
    {
        var f = reason.Finding;
        var devices = Devices(f?.Devices ?? 0);
        var manager = Portals.AppleManagerOf(token).Name;
        return reason.Condition switch
        {
            Condition.NoDefaultProfile => $"{devices} synced from {manager} {Have(f)} no enrollment profile, and "
                + $"{Platforms(f)} has no default profile: they are not set up by Intune's Automated Device "
                + (
                    reason.Status == HealthStatus.Critical
                        ? "Enrollment, and some have already been through Apple's setup without one."
                        : "Enrollment until a profile is assigned."
                ),
            Condition.DevicesUnassigned => $"{devices} synced from {manager} more than a day ago {Have(f)} no "
                + "enrollment profile and never contacted Intune: they would set up without Intune's enrollment.",
            Condition.EnrollmentFailed => $"{devices} did not complete Automated Device Enrollment: Intune has an "
                + "enrollment failure record for them.",
            Condition.EnrollmentBlocked => $"{devices} enrolled without a user cannot move to user enrollment because "
                + "an app (the Company Portal) failed to install.",
            Condition.IntuneReportsUnhealthy => $"Intune's own connector status reports '{f?.IntuneStatus}' for "
                + $"{Inline(f?.Connector)}{Since(f?.IntuneEventAt)}, while TokenWatch finds nothing worse in what "
                + "Graph reports of the token.",
            _ => throw new ArgumentOutOfRangeException(
                nameof(reason),
                reason.Condition,
                "Not an enrollment condition."
            ),
        };
    }

    public static string Headline(Condition condition) =>
        condition switch
        {
            Condition.NoDefaultProfile => "has devices on a platform without a default enrollment profile",
            Condition.DevicesUnassigned => "has synced devices without an enrollment profile",
            Condition.EnrollmentFailed => "has devices that failed enrollment",
            Condition.EnrollmentBlocked => "has devices blocked from user enrollment",
            Condition.IntuneReportsUnhealthy => "is not healthy in Intune's own connector status",
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an enrollment condition."),
        };

    public static string RecoveredHeadline(Condition condition) =>
        condition switch
        {
            Condition.NoDefaultProfile => "has a default enrollment profile",
            Condition.DevicesUnassigned => "has no unassigned devices",
            Condition.EnrollmentFailed => "has no failed enrollments",
            Condition.EnrollmentBlocked => "has no blocked devices",
            Condition.IntuneReportsUnhealthy => "is healthy in Intune's connector status",
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an enrollment condition."),
        };

    public static string RecoveredSentence(Condition condition) =>
        condition switch
        {
            Condition.NoDefaultProfile =>
                "No device is left without an enrollment profile on a platform without a default profile.",
            Condition.DevicesUnassigned => "Every device synced from Apple has an enrollment profile or has "
                + "contacted Intune.",
            Condition.EnrollmentFailed => "No device of the token is in the failed enrollment state any more.",
            Condition.EnrollmentBlocked => "No device of the token is blocked any more.",
            Condition.IntuneReportsUnhealthy => "Intune's connector status no longer reports a warning for the token.",
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an enrollment condition."),
        };

    /// <summary>The facts of an enrollment reason: devices, serials, platforms, the scan it comes from.</summary>
    public static IEnumerable<NoticeFact> Facts(HealthReason? reason, DateTimeOffset now)
    {
        if (reason?.Finding is not { } f)
        {
            yield break;
        }

        if (f.Connector is not null)
        {
            yield return new(
                "Intune connector",
                $"{NoticeText.Clean(f.Connector)}: {NoticeText.Clean(f.IntuneStatus)}"
            );
        }
        else
        {
            yield return new("Devices", f.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return new("Serial numbers", Serials(f));
        }

        if (f.Platforms.Count > 0)
        {
            yield return new("Without a default profile", NoticeText.Clean(string.Join(", ", f.Platforms)));
        }

        yield return new(
            f.Connector is null ? "Enrollment scan" : "Connector status read",
            $"{Date(f.SeenAt)} · " + Ago(f.SeenAt, now)
        );
    }

    /// <summary>"A, B, C (the first 10 of 42)"; "none reported" when Graph sent no serials.</summary>
    public static string Serials(EnrollmentFinding finding)
    {
        if (finding.Serials.Count == 0)
        {
            return "none reported";
        }

        var list = NoticeText.Clean(string.Join(", ", finding.Serials), NoticeText.MaxMessage);
        return finding.Devices > finding.Serials.Count
            ? $"{list} (the first {finding.Serials.Count} of {finding.Devices})"
            : list;
    }

    /// <summary>"1 device", "42 devices".</summary>
    public static string Devices(int count) => count == 1 ? "1 device" : $"{count} devices";

    private static string Platforms(EnrollmentFinding? f) =>
        f is null || f.Platforms.Count == 0 ? "its platform" : Inline(string.Join(", ", f.Platforms));

    private static string Have(EnrollmentFinding? f) => f?.Devices == 1 ? "has" : "have";

    private static string Since(DateTimeOffset? at) => at is { } when ? $" (since {Date(when)})" : "";
}
