using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// What makes two alert events the same, written once for the code and its tests: digest ids, the webhook's alert
/// key and the "told once" checks of the property, soak and upgrade tests all read it from here.
/// </summary>
public static class EventIdentity
{
    /// <summary>
    /// What an event tells, whenever it is told: kind, token, what it is about, severity and milestone. Digest ids
    /// are built from it, so it is written as they have always counted it (ids stay stable across versions).
    /// </summary>
    public static string Content(AlertEvent e) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{e.Kind}|{e.Token?.Key}|{Code(e)}|{e.Severity}|{e.MilestoneDays}"
        );

    /// <summary>One decided event: what it tells, the endpoints it concerns and when it was decided.</summary>
    public static string Of(AlertEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{Content(e)}|{string.Join(',', e.Endpoints)}|{e.At:O}");

    /// <summary>One decided event of one tenant.</summary>
    public static string Of(string tenantId, AlertEvent e) => tenantId + "|" + Of(e);

    /// <summary>
    /// The fingerprint of a tenant's digest of <paramref name="events"/>: 12 hex digits of their contents.
    /// </summary>
    public static string OfDigest(string tenantId, IEnumerable<AlertEvent> events)
    {
        var text = tenantId + "\n" + string.Join("\n", events.Select(Content));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>
    /// The alert an event belongs to, the same for its entry, reminders and recovery: <c>kind:id|condition</c> for a
    /// token, <c>monitoring|endpoint|kind</c> for a tenant's monitoring (the webhook's <c>alertKey</c>).
    /// </summary>
    public static string AlertKey(AlertEvent e) =>
        e.Token is { } token ? $"{token.Key}|{AlertCode(e)}" : $"monitoring|{e.Failure?.Kind.ToSlug()}|{AlertCode(e)}";

    /// <summary>What an event is about, as digest ids have always counted it.</summary>
    private static string Code(AlertEvent e) =>
        e.Condition?.Code()
        ?? e.Failure?.Code
        ?? e.Kind switch
        {
            AlertEventKind.Renewed => "renewed",
            AlertEventKind.OwnerChanged => "owner-changed",
            AlertEventKind.TopicChanged => "topic-changed",
            AlertEventKind.TokenAdded => "added",
            AlertEventKind.TokenRemoved => "removed",
            AlertEventKind.Entered
            or AlertEventKind.Milestone
            or AlertEventKind.Reminder
            or AlertEventKind.Recovered
            or AlertEventKind.RenewalConfirmed
            or AlertEventKind.RenewalNotConfirmed
            or AlertEventKind.MonitoringFailed
            or AlertEventKind.MonitoringRestored => e.Kind.ToString(),
        };

    /// <summary>
    /// The condition of a token alert, else the event's kind in kebab case (<c>monitoring-failed</c>).
    /// </summary>
    private static string AlertCode(AlertEvent e) => e.Condition?.Code() ?? Kebab(e.Kind.ToString());

    private static string Kebab(string name) =>
        string.Concat(
            name.Select(
                (c, i) =>
                    char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()
            )
        );
}
