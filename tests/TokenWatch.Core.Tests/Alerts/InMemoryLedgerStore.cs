using System.Globalization;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// The storage edge in memory, with the Table store's contract: every write names the version it read, and a
/// write whose version is stale changes nothing. The integration tests hold the Table store itself to the same.
/// </summary>
internal sealed class InMemoryLedgerStore : IAlertLedgerStore
{
    private readonly Lock _gate = new();
    private AlertLedger _ledger = AlertLedger.Empty;
    private int? _version;
    private string? _pendingId;
    private int _rowVersions;

    public Dictionary<string, OutboxEntry> Outbox { get; } = new(StringComparer.Ordinal);

    public AlertLedger Ledger
    {
        get
        {
            lock (_gate)
            {
                return _ledger;
            }
        }
    }

    public Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending =
                _pendingId is not null && Outbox[_pendingId] is { Status: OutboxStatus.Pending } entry ? entry : null;
            return Task.FromResult(
                new StoredLedger(tenantId, _ledger, _version?.ToString(CultureInfo.InvariantCulture), pending)
            );
        }
    }

    public Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded,
        AlertLedger next,
        OutboxEntry? digest,
        OutboxEntry? snoozed,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            if (
                loaded.Version != _version?.ToString(CultureInfo.InvariantCulture)
                || (digest is not null && Outbox.ContainsKey(digest.DigestId))
                || (snoozed is not null && Outbox.ContainsKey(snoozed.DigestId))
                || (digest is not null && loaded.Pending is { } old && Outbox[old.DigestId].Version != old.Version)
            )
            {
                return Task.FromResult<StoredLedger?>(null);
            }

            if (
                digest is null
                && snoozed is null
                && _version is not null
                && AlertJson.Serialize(next).AsSpan().SequenceEqual(AlertJson.Serialize(_ledger))
            )
            {
                return Task.FromResult<StoredLedger?>(loaded);
            }

            _ledger = next;
            _version = (_version ?? 0) + 1;
            if (digest is not null)
            {
                if (loaded.Pending is { } superseded)
                {
                    Outbox[superseded.DigestId] = superseded with
                    {
                        Status = OutboxStatus.Superseded,
                        LeaseUntil = null,
                        Version = NextVersion(),
                    };
                }

                Outbox[digest.DigestId] = digest with { Version = NextVersion() };
                _pendingId = digest.DigestId;
            }

            if (snoozed is not null)
            {
                Outbox[snoozed.DigestId] = snoozed with { Version = NextVersion() };
            }

            var pending = digest is null ? loaded.Pending : Outbox[digest.DigestId];
            return Task.FromResult<StoredLedger?>(
                new StoredLedger(loaded.TenantId, next, _version.Value.ToString(CultureInfo.InvariantCulture), pending)
            );
        }
    }

    public Task<OutboxEntry?> TryLeaseAsync(
        OutboxEntry pending,
        DateTimeOffset until,
        CancellationToken cancellationToken
    ) => Task.FromResult(Replace(pending, pending with { LeaseUntil = until, Attempts = pending.Attempts + 1 }));

    public Task<OutboxEntry?> TryRecordAsync(
        OutboxEntry leased,
        OutboxEntry next,
        CancellationToken cancellationToken
    ) => Task.FromResult(Replace(leased, next));

    public Task<AlertLedger> UpdateAsync(
        string tenantId,
        Func<AlertLedger, AlertLedger> change,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            _ledger = change(_ledger);
            _version = (_version ?? 0) + 1;
            return Task.FromResult(_ledger);
        }
    }

    private OutboxEntry? Replace(OutboxEntry expected, OutboxEntry next)
    {
        lock (_gate)
        {
            if (!Outbox.TryGetValue(expected.DigestId, out var current) || current.Version != expected.Version)
            {
                return null;
            }

            return Outbox[next.DigestId] = next with { Version = NextVersion() };
        }
    }

    private string NextVersion() => (++_rowVersions).ToString(CultureInfo.InvariantCulture);
}
