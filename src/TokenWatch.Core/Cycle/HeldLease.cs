using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Cycle;

/// <summary>The outbox entry an evaluation holds the lease of, as last written (its version changes with each renewal).</summary>
internal sealed class HeldLease(OutboxEntry entry)
{
    public OutboxEntry Entry { get; private set; } = entry;

    /// <summary>
    /// Extends the lease before another part of a digest is sent. A renewal is not a new attempt, so the attempt
    /// count stays. Losing the lease (another evaluation took the digest over) stops this send.
    /// </summary>
    public async Task RenewAsync(IAlertLedgerStore ledgers, Func<DateTimeOffset, DateTimeOffset> until, TimeProvider clock, CancellationToken cancellationToken)
    {
        var renewed = await ledgers.TryLeaseAsync(Entry with { Attempts = Entry.Attempts - 1 }, until(clock.GetUtcNow()), cancellationToken);
        Entry = renewed ?? throw new LeaseLostException(Entry.DigestId);
    }
}

/// <summary>Another evaluation took a digest over while this one was still sending it.</summary>
public sealed class LeaseLostException(string digestId)
    : InvalidOperationException($"The lease of digest {digestId} was lost to another evaluation before all its parts were sent.");
