using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// The outbox entry an evaluation holds the lease of, as last written (its version changes with each renewal, each
/// part accepted and each channel's outcome recorded), the time by which the evaluation of its tenant ends, and the
/// token its records are written with.
/// </summary>
internal sealed class HeldLease(
    OutboxEntry entry,
    IAlertLedgerStore ledgers,
    AlertSettings settings,
    TimeProvider clock,
    (DateTimeOffset Deadline, CancellationToken RecordToken) evaluation
)
{
    public OutboxEntry Entry { get; private set; } = entry;

    public TimeSpan TimeLeft => evaluation.Deadline - clock.GetUtcNow();

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

    /// <summary>
    /// Records that <paramref name="channel"/>'s receiver accepted the events at <paramref name="positions"/> (one
    /// part), extending the lease in the same write. Written even when the tenant's time limit passed meanwhile
    /// (the evaluation's record token): an accepted part must never be posted again.
    /// </summary>
    public async Task PartAcceptedAsync(DeliveryChannel channel, IReadOnlyList<int> positions)
    {
        var now = clock.GetUtcNow();
        var state = Entry.Channels[channel];
        var progressed = state with
        {
            Accepted = [.. state.Accepted.Union(positions).Order()],
            PartsAccepted = state.PartsAccepted + 1,
        };
        var next = Entry.WithChannel(channel, progressed, now) with { LeaseUntil = now + settings.SendLease };
        var recorded = await ledgers.TryRecordAsync(Entry, next, evaluation.RecordToken);
        Entry = recorded ?? throw new LeaseLostException(Entry.DigestId);
    }

    /// <summary>The entry as a channel's outcome was just written over it.</summary>
    public void Recorded(OutboxEntry recorded) => Entry = recorded;
}
