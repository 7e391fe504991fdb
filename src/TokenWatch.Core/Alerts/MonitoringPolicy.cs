using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Monitoring failed, its reminders and restored: the first notice after
/// <see cref="AlertSettings.MonitoringFailurePolls"/> failed polls of an endpoint, a reminder every interval while it
/// lasts, restored after <see cref="AlertSettings.RecoveryPolls"/> good reads. Endpoints failing for the same cause
/// share one event, and each restored event carries the failure of its own endpoints.
/// </summary>
internal sealed class MonitoringPolicy(AlertSettings settings)
{
    public SortedDictionary<TokenKind, EndpointLedger> Decide(
        IReadOnlyDictionary<TokenKind, EndpointLedger> folded,
        DateTimeOffset now,
        List<AlertEvent> events
    )
    {
        var endpoints = new SortedDictionary<TokenKind, EndpointLedger>(folded.ToDictionary(e => e.Key, e => e.Value));
        var failed = endpoints.Where(e =>
            e.Value.FailedPolls >= settings.MonitoringFailurePolls && e.Value.FailedNotifiedAt is null
        );
        events.AddRange(Tell(endpoints, now, AlertEventKind.MonitoringFailed, HealthStatus.Unknown, [.. failed], now));
        var due = endpoints.Where(e => ReminderDue(e.Value, now));
        events.AddRange(Tell(endpoints, now, AlertEventKind.Reminder, HealthStatus.Unknown, [.. due], now));
        var restored = endpoints.Where(e =>
            e.Value.FailedNotifiedAt is not null && e.Value.ReadPolls >= settings.RecoveryPolls
        );
        events.AddRange(Tell(endpoints, now, AlertEventKind.MonitoringRestored, HealthStatus.Ok, [.. restored], null));
        return endpoints;
    }

    /// <summary>
    /// One event per failure cause among <paramref name="which"/>; each of their ledgers records when it was told.
    /// </summary>
    private static List<AlertEvent> Tell(
        SortedDictionary<TokenKind, EndpointLedger> endpoints,
        DateTimeOffset now,
        AlertEventKind kind,
        HealthStatus severity,
        List<KeyValuePair<TokenKind, EndpointLedger>> which,
        DateTimeOffset? notifiedAt
    )
    {
        var events = new List<AlertEvent>();
        foreach (var group in which.GroupBy(e => e.Value.LastFailure!.Code, StringComparer.Ordinal))
        {
            var failure = group.First().Value.LastFailure!;
            var polls = group.Max(e => e.Value.FailedPolls);
            var told = Events.Monitoring(kind, severity, failure, group.Select(e => e.Key), now);
            events.Add(kind == AlertEventKind.MonitoringRestored ? told : told with { ConsecutiveFailures = polls });
            foreach (var (endpoint, ledger) in group)
            {
                endpoints[endpoint] = ledger with { FailedNotifiedAt = notifiedAt };
            }
        }

        return events;
    }

    /// <summary>Still failing, and told an interval ago or at a time from the future (a clock ran ahead).</summary>
    private bool ReminderDue(EndpointLedger endpoint, DateTimeOffset now) =>
        endpoint is { FailedPolls: > 0, FailedNotifiedAt: { } told }
        && LedgerTimes.Due(told, now, settings.ReminderInterval);
}
