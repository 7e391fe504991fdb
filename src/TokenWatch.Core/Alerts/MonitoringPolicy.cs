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
        Tell(AlertEventKind.MonitoringFailed, HealthStatus.Unknown, [.. failed], e =>
            e with
            {
                FailedNotifiedAt = now,
            }
        );
        var due = endpoints.Where(e => ReminderDue(e.Value, now));
        Tell(AlertEventKind.Reminder, HealthStatus.Unknown, [.. due], e => e with { FailedNotifiedAt = now });
        var restored = endpoints.Where(e =>
            e.Value.FailedNotifiedAt is not null && e.Value.ReadPolls >= settings.RecoveryPolls
        );
        Tell(AlertEventKind.MonitoringRestored, HealthStatus.Ok, [.. restored], e =>
            e with
            {
                FailedNotifiedAt = null,
            }
        );
        return endpoints;

        void Tell(
            AlertEventKind kind,
            HealthStatus severity,
            List<KeyValuePair<TokenKind, EndpointLedger>> which,
            Func<EndpointLedger, EndpointLedger> update
        )
        {
            foreach (var group in which.GroupBy(e => e.Value.LastFailure!.Code, StringComparer.Ordinal))
            {
                var failure = group.First().Value.LastFailure!;
                var polls = group.Max(e => e.Value.FailedPolls);
                var told = Events.Monitoring(kind, severity, failure, group.Select(e => e.Key), now);
                events.Add(
                    kind == AlertEventKind.MonitoringRestored ? told : told with { ConsecutiveFailures = polls }
                );
                foreach (var (endpoint, ledger) in group)
                {
                    endpoints[endpoint] = update(ledger);
                }
            }
        }
    }

    /// <summary>Still failing, and told an interval ago or at a time from the future (a clock ran ahead).</summary>
    private bool ReminderDue(EndpointLedger endpoint, DateTimeOffset now) =>
        endpoint is { FailedPolls: > 0, FailedNotifiedAt: { } told }
        && LedgerTimes.Due(told, now, settings.ReminderInterval);
}
