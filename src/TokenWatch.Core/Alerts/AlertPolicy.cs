using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Decides what admins must be told, as a pure function of (current token health, ledger, now): evaluating the
/// same input twice yields the events once, because the first decision's ledger already holds them.
/// </summary>
public sealed class AlertPolicy
{
    public AlertDecision Decide(
        IReadOnlyList<(TokenObservation Token, TokenHealth Health)> current,
        IReadOnlyCollection<LedgerEntry> ledger,
        DateTimeOffset now)
    {
        var known = ledger.ToDictionary(e => e.AlertKey, StringComparer.Ordinal);
        var events = new List<AlertEvent>();
        var upserts = new List<LedgerEntry>();
        var active = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (token, health) in current)
        {
            foreach (var reason in Alertable(health))
            {
                var key = AlertKeys.For(token.Key, reason.Code);
                active.Add(key);
                known.TryGetValue(key, out var entry);
                if (entry is not null && reason.Status.Rank() <= entry.Severity.Rank())
                {
                    continue;
                }

                events.Add(new AlertEvent
                {
                    Kind = AlertEventKind.Entered,
                    Severity = reason.Status,
                    At = now,
                    Condition = reason.Code,
                    Message = reason.Message,
                    Token = token,
                    Health = health,
                });
                upserts.Add(new LedgerEntry(token.Key, reason.Code, reason.Status, entry?.OpenedAt ?? now, now));
            }
        }

        var tokensNow = current.ToDictionary(c => c.Token.Key, StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var entry in ledger.Where(e => !active.Contains(e.AlertKey)))
        {
            removed.Add(entry.AlertKey);
            if (tokensNow.TryGetValue(entry.TokenKey, out var seen))
            {
                events.Add(new AlertEvent
                {
                    Kind = AlertEventKind.Recovered,
                    Severity = HealthStatus.Ok,
                    At = now,
                    Condition = entry.Condition,
                    Message = RecoveredMessage(entry.Condition),
                    Token = seen.Token,
                    Health = seen.Health,
                });
            }
        }

        return new AlertDecision(events, upserts, removed);
    }

    /// <summary>
    /// The reasons worth an alert. A token that fails to sync also stops syncing: the stale sync is a symptom of
    /// the sync error, so it is not alerted on its own while the error is.
    /// </summary>
    private static IEnumerable<HealthReason> Alertable(TokenHealth health)
    {
        var reasons = health.Reasons.Where(r => r.Status != HealthStatus.Ok);
        return health.Has(ReasonCodes.SyncError) ? reasons.Where(r => r.Code != ReasonCodes.SyncStale) : reasons;
    }

    private static string RecoveredMessage(string condition) => condition switch
    {
        ReasonCodes.Expired or ReasonCodes.Expiring => "The token was renewed: it no longer expires soon.",
        ReasonCodes.SyncError => "The token syncs with Apple again without error.",
        ReasonCodes.SyncStale => "The token synced with Apple again.",
        _ => $"The condition '{condition}' has cleared.",
    };
}
