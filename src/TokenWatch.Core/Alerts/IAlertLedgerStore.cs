namespace TokenWatch.Core.Alerts;

/// <summary>
/// The durable ledger and outbox of each tenant. Every write is guarded by the version it was loaded at, so of
/// two evaluators that decided the same events only one records them and only one sends their digest.
/// </summary>
public interface IAlertLedgerStore
{
    /// <summary>
    /// The tenant's ledger (empty if none yet), its version, and the digest still waiting to be sent.
    /// </summary>
    Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the loaded ledger with <paramref name="next"/> and adds <paramref name="digest"/> (which then
    /// supersedes the loaded pending one; it may come leased, to be sent by this caller) and <paramref name="snoozed"/>
    /// to the outbox, all at once. Returns the ledger as now stored, its pending digest with the version to mark it
    /// by; null, and nothing written, when the ledger or the pending digest changed since they were loaded.
    /// </summary>
    Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded,
        AlertLedger next,
        OutboxEntry? digest,
        OutboxEntry? snoozed,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Takes a pending digest for sending until <paramref name="until"/>; null if someone else changed it since it was
    /// loaded.
    /// </summary>
    Task<OutboxEntry?> TryLeaseAsync(OutboxEntry pending, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the leased digest with <paramref name="next"/> (a channel's outcome recorded); the stored entry as
    /// now written, or null if the lease was lost meanwhile.
    /// </summary>
    Task<OutboxEntry?> TryRecordAsync(OutboxEntry leased, OutboxEntry next, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored ledger, reloading and retrying when another writer got there
    /// first.
    /// </summary>
    Task<AlertLedger> UpdateAsync(
        string tenantId,
        Func<AlertLedger, AlertLedger> change,
        CancellationToken cancellationToken
    );
}
