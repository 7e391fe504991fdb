using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// The outbox entry an evaluation holds the lease of, as last written (its version changes with each renewal and
/// with each channel's outcome recorded).
/// </summary>
internal sealed class HeldLease(
    OutboxEntry entry,
    IAlertLedgerStore ledgers,
    AlertSettings settings,
    TimeProvider clock
) : IDigestLease
{
    public OutboxEntry Entry { get; private set; } = entry;

    /// <summary>
    /// Extends the lease before another part of a digest is sent. A renewal is not a new attempt, so the attempt
    /// count stays. Losing the lease (another evaluation took the digest over) stops this send.
    /// </summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + settings.SendLease;
        var sameAttempt = Entry with { Attempts = Entry.Attempts - 1 };
        var renewed = await ledgers.TryLeaseAsync(sameAttempt, until, cancellationToken);
        Entry = renewed ?? throw new LeaseLostException(Entry.DigestId);
    }

    /// <summary>The entry as a channel's outcome was just written over it.</summary>
    public void Recorded(OutboxEntry recorded) => Entry = recorded;
}
