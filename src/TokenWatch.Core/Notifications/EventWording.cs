using System.Globalization;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Words;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The words of an event, shared by the email, the subject, <c>history</c> and the demo: its label, title, headline,
/// sentence and kind. Each switch covers every <see cref="AlertEventKind"/> without a fallback.
/// </summary>
public static class EventWording
{
    /// <summary>
    /// The word for an event in subjects and badges: the severity for problems; for good news, what happened
    /// (<c>RECOVERED</c>, <c>RENEWED</c>, <c>RESTORED</c>) so that "OK" never hides which good news it is.
    /// </summary>
    public static string Label(AlertEvent e) =>
        e.Severity != HealthStatus.Ok
            ? e.Severity.ToSlug().ToUpperInvariant()
            : e.Kind switch
            {
                AlertEventKind.Recovered => "RECOVERED",
                AlertEventKind.Renewed => "RENEWED",
                AlertEventKind.MonitoringRestored => "RESTORED",
                AlertEventKind.TokenAdded => "NEW",
                AlertEventKind.RenewalConfirmed => "CONFIRMED",
                AlertEventKind.RenewalNotConfirmed
                or AlertEventKind.Entered
                or AlertEventKind.Milestone
                or AlertEventKind.Reminder
                or AlertEventKind.OwnerChanged
                or AlertEventKind.TopicChanged
                or AlertEventKind.TokenRemoved
                or AlertEventKind.MonitoringFailed => "INFO",
            };

    /// <summary>What the event is about: <c>ADE token "Main ABM"</c>, or <c>Monitoring</c> for tenant-level
    /// events.</summary>
    public static string Title(AlertEvent e) =>
        e.Token is { } token ? $"{token.Kind.ToDisplayName()} \"{Inline(token.DisplayName)}\"" : "Monitoring";

    /// <summary>A few words on what happened, for subjects and table cells. Graph-sourced parts are cleaned.</summary>
    public static string Headline(AlertEvent e) =>
        e.Kind switch
        {
            AlertEventKind.Entered => ConditionWording.Headline(Of(e), e.Token, DaysLeft(e), e.At),
            AlertEventKind.Milestone => ConditionWording.Headline(
                Condition.Expiring,
                e.Token,
                DaysLeft(e) ?? e.MilestoneDays,
                e.At
            ),
            AlertEventKind.Reminder => e.Token is null
                ? $"still {Inline(Spaced(e.Failure?.Code ?? "failing"))}"
                : ConditionWording.ReminderHeadline(Of(e), e.Token, DaysLeft(e), e.At),
            AlertEventKind.Recovered => ConditionWording.RecoveredHeadline(Of(e)),
            AlertEventKind.Renewed => e.Token?.ExpiresAt is { } until ? $"renewed until {Day(until)}" : "renewed",
            AlertEventKind.RenewalConfirmed => "synced after its renewal",
            AlertEventKind.RenewalNotConfirmed => "has not synced since its renewal",
            AlertEventKind.OwnerChanged => "has a new Apple ID",
            AlertEventKind.TopicChanged => "was replaced by a new certificate",
            AlertEventKind.TokenAdded => "was added",
            AlertEventKind.TokenRemoved => "was removed",
            AlertEventKind.MonitoringFailed => $"failed ({Inline(Spaced(e.Failure?.Code ?? "unknown"))})",
            AlertEventKind.MonitoringRestored => "restored",
        };

    /// <summary>What happened, in a sentence for people.</summary>
    public static string Sentence(AlertEvent e) =>
        e.Kind switch
        {
            AlertEventKind.Entered => ReasonSentence(e),
            AlertEventKind.Milestone => e.Token?.ExpiresAt is { } expires
                ? $"Expires on {Date(expires)} ({Days(HealthRules.DaysUntil(expires, e.At))} left): past the "
                    + string.Create(CultureInfo.InvariantCulture, $"{e.MilestoneDays}-day mark.")
                : "Expires soon.",
            AlertEventKind.Reminder => e.Token is null
                ? $"TokenWatch still cannot read the {Endpoints(e)} of this tenant ({Polls(e)} polls in a row): "
                    + e.Failure?.Message
                : $"{ReasonSentence(e)} Still so since {Date(e.OpenedAt ?? e.At)}.",
            AlertEventKind.Recovered => ConditionWording.RecoveredSentence(Of(e)),
            AlertEventKind.Renewed => e.Token?.ExpiresAt is { } now && e.Previous?.ExpiresAt is { } was
                ? $"Renewed: now expires on {Date(now)} (was {Date(was)})."
                : "Renewed.",
            AlertEventKind.RenewalConfirmed => e.Token?.LastSyncAt is { } synced
                ? $"The renewed token synced with Apple on {Date(synced)}: the renewal took."
                : "The renewed token synced with Apple: the renewal took.",
            AlertEventKind.RenewalNotConfirmed =>
                "Intune shows the new expiry date, but the token has not synced with Apple "
                    + $"since the renewal was seen{SinceSync(e)}: the uploaded token may not be the right one.",
            AlertEventKind.OwnerChanged =>
                $"The Apple ID Intune shows changed from {e.Previous?.AppleId} to {e.Token?.AppleId}.",
            AlertEventKind.TopicChanged => $"The push certificate's topic changed from {e.Previous?.TopicId} to "
                + $"{e.Token?.TopicId}: this is a new certificate, not a renewal.",
            AlertEventKind.TokenAdded => $"{KindAndName(e)} appeared in Intune.",
            AlertEventKind.TokenRemoved => e.Token is { NotConfigured: true, Kind: TokenKind.Apns }
                ? "The Apple MDM push certificate is no longer configured in Intune: Apple devices cannot be reached."
                : $"{KindAndName(e)} is no longer in Intune.",
            AlertEventKind.MonitoringFailed => $"TokenWatch could not read the {Endpoints(e)} of this tenant on "
                + $"{Polls(e)} polls in a row: {e.Failure?.Message}",
            AlertEventKind.MonitoringRestored => $"TokenWatch can read the {Endpoints(e)} of this tenant again.",
        };

    /// <summary>The email's heading for an event: "New problem", "Expiry milestone: 30 days".</summary>
    public static string KindLabel(AlertEvent e) =>
        e.Kind switch
        {
            AlertEventKind.Entered => e.Severity switch
            {
                HealthStatus.Critical => "New problem",
                HealthStatus.Warning => "Needs attention",
                HealthStatus.Unknown => "Cannot be judged",
                _ => "Status",
            },
            AlertEventKind.Milestone => e.MilestoneDays is { } days
                ? $"Expiry milestone: {Days(days)}"
                : "Expiry milestone",
            AlertEventKind.Reminder => "Reminder: not fixed yet",
            AlertEventKind.Recovered => "Problem resolved",
            AlertEventKind.Renewed => "Expiry moved forward",
            AlertEventKind.RenewalConfirmed => "Renewal confirmed",
            AlertEventKind.RenewalNotConfirmed => "Renewal not confirmed",
            AlertEventKind.OwnerChanged => "Owner changed",
            AlertEventKind.TopicChanged => "New push certificate",
            AlertEventKind.TokenAdded => "Token added",
            AlertEventKind.TokenRemoved => "Token removed",
            AlertEventKind.MonitoringFailed => e.ConsecutiveFailures is { } n
                ? string.Create(CultureInfo.InvariantCulture, $"Monitoring failed: {n} polls in a row")
                : "Monitoring failed",
            AlertEventKind.MonitoringRestored => "Monitoring works again",
        };

    /// <summary>Days left as of the event: the health's count if judged, else counted from the expiry date.</summary>
    public static int? DaysLeft(AlertEvent e) =>
        e.Health?.DaysUntilExpiry ?? (e.Token?.ExpiresAt is { } at ? HealthRules.DaysUntil(at, e.At) : null);

    /// <summary>"ADE tokens and VPP tokens": the endpoints of a monitoring event.</summary>
    public static string Endpoints(AlertEvent e) =>
        string.Join(
            " and ",
            (
                e.Endpoints.Count > 0 ? e.Endpoints
                : e.Failure is { } f ? [f.Kind]
                : []
            ).Select(kind =>
                kind switch
                {
                    TokenKind.Ade => "ADE tokens",
                    TokenKind.Vpp => "VPP tokens",
                    TokenKind.Apns => "APNs certificate",
                }
            )
        );

    /// <summary>The token condition of an event about one (a milestone is about expiry).</summary>
    private static Condition Of(AlertEvent e) => e.Condition ?? Condition.Expiring;

    private static string ReasonSentence(AlertEvent e)
    {
        var reason = e.Health?.Reasons.Where(r => r.Condition == Of(e)).MaxBy(r => r.Status.Rank())
            ?? new HealthReason(Of(e), e.Severity);
        return e.Token is { } token ? ConditionWording.Sentence(reason, token, e.At) : "";
    }

    private static string SinceSync(AlertEvent e) =>
        e.Token?.LastSyncAt is { } synced ? $" (last successful sync {Date(synced)})" : "";

    private static string KindAndName(AlertEvent e) =>
        e.Token is { } token ? $"{token.Kind.ToDisplayName()} \"{token.DisplayName}\"" : "A token";

    private static string Polls(AlertEvent e) => (e.ConsecutiveFailures ?? 0).ToString(CultureInfo.InvariantCulture);
}
