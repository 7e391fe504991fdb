using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Actions;

/// <summary>
/// Snooze, acknowledge and end a snooze, for the action page and the command line alike: each writes the same audit
/// entry and the same silencing into the tenant's ledger, which the alert policy and the next digest read.
/// </summary>
public sealed class AlertActions(IAlertLedgerStore ledgers, IAlertAudit audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    /// <summary>The snooze choices the page offers, in days.</summary>
    public static readonly IReadOnlyList<int> SnoozeDays = [7, 14, 30, 90];

    /// <summary>
    /// The longest an acknowledgement lasts if its condition never changes: tokens are renewed yearly.
    /// </summary>
    public static readonly TimeSpan LongestSilence = TimeSpan.FromDays(366);

    /// <summary>
    /// Keeps the token's events from being sent until <paramref name="until"/>; false for a replayed link.
    /// </summary>
    public Task<bool> SnoozeAsync(ActionRequest request, DateTimeOffset until, CancellationToken cancellationToken) =>
        ActAsync(request, AuditedAction.Snooze, until, null, cancellationToken);

    /// <summary>
    /// No reminders for <paramref name="condition"/> until it changes or recovers; false for a replay.
    /// </summary>
    public Task<bool> AcknowledgeAsync(ActionRequest request, string condition, CancellationToken cancellationToken) =>
        ActAsync(request, AuditedAction.Acknowledge, clock.GetUtcNow() + LongestSilence, condition, cancellationToken);

    /// <summary>Ends the token's snooze or acknowledgement now; the one ended, or null when there was none.</summary>
    public async Task<Snooze?> UnsnoozeAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        Snooze? removed = null;
        await ledgers.UpdateAsync(
            request.TenantId,
            ledger =>
            {
                removed = ledger.Snoozes.GetValueOrDefault(request.TokenKey);
                return ledger.WithSnooze(request.TokenKey, null);
            },
            cancellationToken
        );
        if (removed is not null)
        {
            var entry = Entry(request, AuditedAction.Unsnooze, null, null);
            await audit.TryAppendAsync(request.TenantId, entry, cancellationToken);
        }

        return removed;
    }

    /// <summary>A reason as stored: trimmed, one line, at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string CleanReason(string reason) => Words.Clean(reason.Trim(), MaxReasonLength);

    private async Task<bool> ActAsync(
        ActionRequest request,
        AuditedAction action,
        DateTimeOffset until,
        string? condition,
        CancellationToken cancellationToken
    )
    {
        // The audit row claims the link first (a replay finds it taken); then the ledger says it to the policy.
        var entry = Entry(request, action, until, condition);
        if (!await audit.TryAppendAsync(request.TenantId, entry, cancellationToken))
        {
            return false;
        }

        var silence = new Snooze(until, entry.Reason, entry.At) { By = entry.By, Acknowledged = condition };
        await ledgers.UpdateAsync(
            request.TenantId,
            ledger => ledger.WithSnooze(request.TokenKey, silence),
            cancellationToken
        );
        return true;
    }

    private AuditEntry Entry(ActionRequest request, AuditedAction action, DateTimeOffset? until, string? condition) =>
        new()
        {
            At = clock.GetUtcNow(),
            Action = action,
            TokenKey = request.TokenKey,
            Condition = condition,
            Until = until,
            Reason = CleanReason(request.Reason),
            By = Words.Clean(request.By, 200),
            DigestId = request.DigestId,
            LinkId = request.LinkId,
            IncidentId = request.IncidentId,
            LinkExpiresAt = request.LinkExpiresAt,
        };
}
