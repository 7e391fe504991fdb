using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// The conditions judged from the enrollment scan and Intune's connector verdicts, not the hourly poll. Each is a
/// symptom of the token's own sync error or expiry (Microsoft's alert for ADE tokens in error names failing profile
/// assignments and enrollments as its symptoms), so none is told while those hold. A scan that is unknown (the newest
/// attempt failed, or none completed) finds none of them, and never counts as their recovery.
/// </summary>
internal static class EnrollmentConditions
{
    private const string SetUpAde =
        "Microsoft Intune: \"Set up automated device enrollment (ADE) for iOS/iPadOS\" "
        + "(https://learn.microsoft.com/en-us/intune/intune-service/enrollment/device-enrollment-program-enroll-ios)";

    private const string DeviceIdentity =
        "Microsoft Graph: \"importedAppleDeviceIdentity resource type\" (beta) "
        + "(https://learn.microsoft.com/en-us/graph/api/resources/intune-enrollment-importedappledeviceidentity"
        + "?view=graph-rest-beta)";

    private const string EnrollmentState =
        "Microsoft Graph: \"enrollmentState enum type\" (beta) "
        + "(https://learn.microsoft.com/en-us/graph/api/resources/intune-shared-enrollmentstate?view=graph-rest-beta)";

    private const string TroubleshootIos =
        "Microsoft: \"Troubleshoot iOS/iPadOS device enrollment problems in Microsoft Intune\" "
        + "(https://learn.microsoft.com/en-us/troubleshoot/mem/intune/device-enrollment/"
        + "troubleshoot-ios-enrollment-errors)";

    private const string ConnectorDetails =
        "Microsoft Graph: \"connectorStatusDetails resource type\" and \"connectorHealthState enum type\" (beta) "
        + "(https://learn.microsoft.com/en-us/graph/api/resources/intune-troubleshooting-connectorstatusdetails"
        + "?view=graph-rest-beta); Microsoft Intune: \"Tenant status\" → Connector status "
        + "(https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/tenant-status)";

    private const string NoDefaultRule =
        "A platform present among the ADE token's devices has no default enrollment profile and devices "
        + "of it have no profile: warning; critical once such a device has been in touch (contacted, "
        + "enrolled or failed), as it went through Apple's setup without one. From the enrollment scan.";

    private const string UnassignedRule =
        "Devices synced from Apple more than `Enrollment:UnassignedHours` (24: two of Intune's 12-hourly "
        + "delta syncs) ago, never contacted, with no enrollment profile: the count and up to 10 serials. "
        + "Not told while `no-default-profile` explains it.";

    private const string FailedRule =
        "Devices whose `enrollmentState` is `failed` (\"not enrolled and there is an enrollment failure "
        + "record\"): told again whenever their number grows, with up to 10 serials.";

    private const string BlockedRule =
        "Devices whose `enrollmentState` is `blocked` (\"enrolled as userless, but blocked from moving to "
        + "user enrollment because the app failed to install\": the Company Portal app, its licence or "
        + "the Apps and Books token).";

    private const string IntuneRule =
        "Intune's own connector status for the token (`connectorStatus`, read with each enrollment scan) "
        + "is `warning` or `unhealthy` while TokenWatch judges the token better: told with Intune's "
        + "severity (unhealthy is critical) and its words. Whatever Intune knows, the admin is told.";

    private static readonly Condition[] TokenBroken = [Condition.SyncError, Condition.Expired];

    public static ConditionDescriptor Build(Condition condition, Func<HealthStatus, ConditionDescriptor> seed) =>
        condition switch
        {
            Condition.NoDefaultProfile => Device(seed(HealthStatus.Warning), NoDefaultProfile) with
            {
                Explain = _ => NoDefaultRule,
                Source =
                    $"{SetUpAde} (set a default profile; a synced device without one fails to enroll); "
                    + DeviceIdentity,
            },
            Condition.DevicesUnassigned => Device(seed(HealthStatus.Warning), Unassigned) with
            {
                SymptomOf = [.. TokenBroken, Condition.NoDefaultProfile],
                Explain = _ => UnassignedRule,
                Source = $"{SetUpAde}; {DeviceIdentity}",
            },
            Condition.EnrollmentFailed => Device(seed(HealthStatus.Critical), Failed) with
            {
                Explain = _ => FailedRule,
                Source = $"{EnrollmentState}; {TroubleshootIos}",
            },
            Condition.EnrollmentBlocked => Device(seed(HealthStatus.Warning), Blocked) with
            {
                Explain = _ => BlockedRule,
                Source = $"{EnrollmentState}; {TroubleshootIos}",
            },
            Condition.IntuneReportsUnhealthy => seed(HealthStatus.Critical) with
            {
                Kinds = Enum.GetValues<TokenKind>(),
                FromScan = true,
                Detect = IntuneVerdict,
                Explain = _ => IntuneRule,
                Source = ConnectorDetails,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an enrollment condition."),
        };

    private static ConditionDescriptor Device(
        ConditionDescriptor seed,
        Func<RuleInput, EnrollmentScan, IEnumerable<HealthReason>> detect
    ) =>
        seed with
        {
            Kinds = [TokenKind.Ade],
            FromScan = true,
            SymptomOf = TokenBroken,
            Detect = i => ScanOf(i) is { } scan ? detect(i, scan) : [],
        };

    /// <summary>The token's latest complete scan, unless the newest attempt failed (then nothing is judged).</summary>
    public static EnrollmentScan? ScanOf(RuleInput i) =>
        i.Token.Kind == TokenKind.Ade && i.Enrollment?.Token(i.Token.Id) is { IsUnknown: false } stored
            ? stored.LastComplete
            : null;

    /// <summary>
    /// True when what <paramref name="condition"/> is judged from cannot be read now: it may still hold, so its
    /// absence is not a clean poll.
    /// </summary>
    public static bool Unjudged(Condition condition, TokenObservation token, TenantEnrollment? enrollment)
    {
        if (!condition.Describe().FromScan)
        {
            return false;
        }

        return condition == Condition.IntuneReportsUnhealthy
            ? enrollment?.Connectors is not { IsUnknown: false }
            : enrollment?.Token(token.Id) is not { IsUnknown: false };
    }

    private static IEnumerable<HealthReason> NoDefaultProfile(RuleInput i, EnrollmentScan scan)
    {
        var missing = scan.Platforms.Where(p => p.HasDefaultProfile == false && p.WithoutProfile > 0).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var severity = missing.Any(p => p.ContactedWithoutProfile > 0) ? HealthStatus.Critical : HealthStatus.Warning;
        var finding = Finding(scan, missing.Sum(p => p.WithoutProfile), scan.Samples.NoDefaultProfile) with
        {
            Platforms = missing.Select(p => p.Platform).ToList(),
        };
        return [new(Condition.NoDefaultProfile, severity) { Finding = finding }];
    }

    private static IEnumerable<HealthReason> Unassigned(RuleInput i, EnrollmentScan scan) =>
        Counted(Condition.DevicesUnassigned, scan, scan.Unassigned, scan.Samples.Unassigned);

    private static IEnumerable<HealthReason> Failed(RuleInput i, EnrollmentScan scan) =>
        Counted(Condition.EnrollmentFailed, scan, scan.Count(EnrollmentStates.Failed), scan.Samples.Failed);

    private static IEnumerable<HealthReason> Blocked(RuleInput i, EnrollmentScan scan) =>
        Counted(Condition.EnrollmentBlocked, scan, scan.Count(EnrollmentStates.Blocked), scan.Samples.Blocked);

    private static IEnumerable<HealthReason> Counted(
        Condition condition,
        EnrollmentScan scan,
        int devices,
        IReadOnlyList<string> serials
    ) =>
        devices > 0
            ? [new(condition, condition.Describe().Severity) { Finding = Finding(scan, devices, serials) }]
            : [];

    private static EnrollmentFinding Finding(EnrollmentScan scan, int devices, IReadOnlyList<string> serials) =>
        new()
        {
            SeenAt = scan.ScannedAt,
            Devices = devices,
            Serials = serials,
        };

    /// <summary>
    /// Intune's worst verdict on the token, when it is worse than TokenWatch's own judgement of it (its conditions
    /// from the poll; the enrollment ones are about devices, not the connector).
    /// </summary>
    private static IEnumerable<HealthReason> IntuneVerdict(RuleInput i)
    {
        if (i.Enrollment?.Connectors is not { IsUnknown: false } connectors)
        {
            return [];
        }

        var concerning = connectors
            .Verdicts.Where(v => Concerns(v, i) && SeverityOf(v.Status) is not null)
            .OrderByDescending(v => SeverityOf(v.Status)!.Value.Rank())
            .ToList();
        if (concerning.Count == 0)
        {
            return [];
        }

        var (verdict, severity) = (concerning[0], SeverityOf(concerning[0].Status)!.Value);
        var own = ConditionCatalog
            .All.Where(d => !d.FromScan && d.AppliesTo(i.Token.Kind))
            .SelectMany(d => d.Detect(i))
            .Select(r => r.Status)
            .Worst();
        if (own.Rank() >= severity.Rank())
        {
            return [];
        }

        var finding = new EnrollmentFinding
        {
            SeenAt = connectors.ReadAt!.Value,
            Connector = Notifications.Words.Clean(verdict.Name, 80),
            IntuneStatus = Notifications.Words.Clean(verdict.Status, 40),
            IntuneEventAt = verdict.EventAt,
        };
        return [new(Condition.IntuneReportsUnhealthy, severity) { Finding = finding }];
    }

    /// <summary>
    /// The verdicts about this token: ADE and VPP by connector instance, the push certificate by name alone, as a
    /// tenant has one. Graph documents <c>connectorInstanceId</c> only as "Connector Instance Id" (beta
    /// connectorStatusDetails), so a verdict whose instance names none of the tenant's tokens of that kind concerns
    /// each of them: what Intune knows is told, never dropped for an id that does not match.
    /// </summary>
    private static bool Concerns(ConnectorVerdict verdict, RuleInput i) =>
        i.Token.Kind switch
        {
            TokenKind.Ade => Named(verdict, "appleDep") && ForToken(verdict, i),
            TokenKind.Vpp => Named(verdict, "vppToken") && ForToken(verdict, i),
            TokenKind.Apns => Named(verdict, "applePushNotification") && !i.Token.NotConfigured,
        };

    private static bool ForToken(ConnectorVerdict verdict, RuleInput i) =>
        verdict.InstanceId == i.Token.Id || !i.Tenant.Any(t => t.Kind == i.Token.Kind && t.Id == verdict.InstanceId);

    private static bool Named(ConnectorVerdict verdict, string prefix) =>
        verdict.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Intune's health state as a severity; healthy and unknown say nothing to tell.</summary>
    private static HealthStatus? SeverityOf(string status) =>
        status.Trim().ToLowerInvariant() switch
        {
            "warning" => HealthStatus.Warning,
            "unhealthy" => HealthStatus.Critical,
            _ => null,
        };
}
