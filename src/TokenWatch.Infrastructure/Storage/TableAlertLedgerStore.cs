using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Each tenant's ledger and outbox, in the tenant's partition of the <c>TokenState</c> table beside its tokens and
/// polls (schema version 3; before, they had a table of their own, <c>AlertLedger</c>, read once more on upgrade):
/// <list type="bullet">
/// <item><c>ledger</c>: the tenant's <see cref="AlertLedger"/> (gzip JSON), with a pointer to the digest still to
/// send;</item>
/// <item><c>outbox|digest id</c>: every digest, written before it is sent and marked after (digest ids start with
/// their UTC time, so the outbox reads in order); events of snoozed tokens are kept here too, never sent.</item>
/// </list>
/// The ledger is one row on purpose: an evaluation's claim is then one transaction of at most three rows (the
/// ledger replaced If-Match its loaded ETag, the new digest added, the digest it supersedes replaced If-Match),
/// whatever the number of tokens, and two evaluators that decided the same events cannot both record them. Its size
/// follows the tenant's current tokens, not its history. Beside the polls, one query reads the ledger with the
/// polls since its watermark (<see cref="TableEvaluationReader"/>).
/// </summary>
public sealed class TableAlertLedgerStore(TableStorage storage) : IAlertLedgerStore, IOutboxHistory
{
    private const int MaxUpdateAttempts = 10;

    /// <summary>
    /// How far the stored watermark may lag behind the polls folded in before a quiet evaluation writes it: folding
    /// a quiet poll into a ledger it leaves unchanged is a no-op, so the next evaluation folds them again for free.
    /// </summary>
    private static readonly TimeSpan MaxWatermarkLag = TimeSpan.FromHours(24);

    private readonly PreviousLedgerTable _previous = new(storage);

    public async Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var row = await TableStorage.GetRowAsync(table, TableKeys.Tenant(tenantId), LedgerRow.Key, cancellationToken);
        return await ReadAsync(tenantId, row, cancellationToken);
    }

    /// <summary>
    /// The stored ledger from its row as a query or a point read returned it, with the digest it names as pending.
    /// No row: the tenant has no ledger yet, or it is still in the table of schema version 2 and is moved now.
    /// </summary>
    public async Task<StoredLedger> ReadAsync(string tenantId, TableEntity? row, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Tenant(tenantId);
        row ??= await _previous.MoveAsync(table, partition, cancellationToken);
        if (row is null)
        {
            return new StoredLedger(tenantId, AlertLedger.Empty, null, null);
        }

        var (ledger, digestId) = LedgerRow.Read(row);
        OutboxEntry? pending = null;
        if (
            digestId is not null
            && await TableStorage.GetRowAsync(table, partition, OutboxRow.Key(digestId), cancellationToken)
                is { } outboxRow
            && OutboxRow.Read(tenantId, outboxRow) is { Status: OutboxStatus.Pending } entry
        )
        {
            pending = entry;
        }

        return new StoredLedger(tenantId, ledger, row.ETag.ToString(), pending);
    }

    public async Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded,
        AlertLedger next,
        OutboxEntry? digest,
        OutboxEntry? snoozed,
        CancellationToken cancellationToken
    )
    {
        var json = AlertJson.Serialize(next);
        if (digest is null && snoozed is null && loaded.Version is not null && Unchanged(loaded.Ledger, next, json))
        {
            return loaded;
        }

        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var actions = CommitActions(loaded, next, json, digest, snoozed);
        try
        {
            if (actions.Count == 1)
            {
                // Most evaluations only move the ledger on (its watermark): one guarded write, without the cost of a
                // transaction's multipart envelope. The guard is the same: If-Match the loaded ETag, or add-only.
                var written = await WriteAsync(table, actions[0], cancellationToken);
                return new StoredLedger(loaded.TenantId, next, written.Headers.ETag?.ToString(), loaded.Pending);
            }

            var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
            var pending = digest is null
                ? loaded.Pending
                : digest with
                {
                    Version = responses[1].Headers.ETag?.ToString(),
                };
            return new StoredLedger(loaded.TenantId, next, responses[0].Headers.ETag?.ToString(), pending);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// The ledger replaced If-Match its loaded ETag (or added), the new digest added and the digest it supersedes
    /// replaced If-Match, the digest of snoozed events added: one transaction, whatever the number of tokens.
    /// </summary>
    private static List<TableTransactionAction> CommitActions(
        StoredLedger loaded,
        AlertLedger next,
        byte[] json,
        OutboxEntry? digest,
        OutboxEntry? snoozed
    )
    {
        var partition = TableKeys.Tenant(loaded.TenantId);
        var pendingId = digest?.DigestId ?? loaded.Pending?.DigestId;
        var actions = new List<TableTransactionAction>
        {
            LedgerRow.Write(partition, next, json, pendingId, loaded.Version),
        };
        if (digest is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, OutboxRow.Write(partition, digest)));
            if (loaded.Pending is { } superseded)
            {
                var sentWith = superseded with
                {
                    Status = OutboxStatus.Superseded,
                    LeaseUntil = null,
                    LastError = $"Sent as part of {digest.DigestId}.",
                };
                var row = OutboxRow.Write(partition, sentWith);
                actions.Add(new(TableTransactionActionType.UpdateReplace, row, new ETag(superseded.Version!)));
            }
        }

        if (snoozed is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, OutboxRow.Write(partition, snoozed)));
        }

        return actions;
    }

    /// <summary>
    /// True when <paramref name="next"/> says what the loaded ledger says, or differs from it only by a watermark less
    /// than a day on.
    /// </summary>
    private static bool Unchanged(AlertLedger loaded, AlertLedger next, byte[] json) =>
        json.AsSpan().SequenceEqual(AlertJson.Serialize(loaded))
        || (
            loaded.Watermark is { } from
            && next.Watermark is { } to
            && to.At - from.At < MaxWatermarkLag
            && AlertJson.Serialize(next with { Watermark = from }).AsSpan().SequenceEqual(AlertJson.Serialize(loaded))
        );

    public async Task<OutboxEntry?> TryLeaseAsync(
        OutboxEntry pending,
        DateTimeOffset until,
        CancellationToken cancellationToken
    )
    {
        var leased = pending with { LeaseUntil = until, Attempts = pending.Attempts + 1 };
        return await TryReplaceAsync(leased, pending.Version!, cancellationToken);
    }

    public Task<OutboxEntry?> TryRecordAsync(
        OutboxEntry leased,
        OutboxEntry next,
        CancellationToken cancellationToken
    ) => TryReplaceAsync(next, leased.Version!, cancellationToken);

    public async Task<AlertLedger> UpdateAsync(
        string tenantId,
        Func<AlertLedger, AlertLedger> change,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var partition = TableKeys.Tenant(tenantId);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(tenantId, cancellationToken);
            var next = change(loaded.Ledger);
            try
            {
                var json = AlertJson.Serialize(next);
                var action = LedgerRow.Write(partition, next, json, loaded.Pending?.DigestId, loaded.Version);
                await WriteAsync(table, action, cancellationToken);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxUpdateAttempts)
            {
                // An evaluation saved the ledger meanwhile: apply the change to its version.
            }
        }
    }

    /// <summary>
    /// The outbox since <paramref name="from"/>, oldest first: what was sent, is pending, failed or was snoozed;
    /// with the digests still in the table of schema version 2, so the history reaches back past an upgrade.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    )
    {
        var entries = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        var prefix = OutboxRow.Prefix;
        var filter =
            $"{TableKeys.PartitionFilter(TableKeys.Tenant(tenantId))}"
            + $" and RowKey ge '{prefix}{from.UtcDateTime:yyyyMMddHHmmss}'"
            + $" and RowKey lt '{prefix}{char.MaxValue}'";
        var current = await storage.TenantStateAsync(tenantId, cancellationToken);
        await ReadOutboxRowsAsync(current, tenantId, filter, entries, cancellationToken);
        // Digests from before schema version 3, where the store was upgraded.
        await _previous.ReadAsync(async table =>
        {
            await ReadOutboxRowsAsync(table, tenantId, filter, entries, cancellationToken);
            return entries;
        });

        return entries.Values.OrderBy(e => e.CreatedAt).ToList();
    }

    private static async Task ReadOutboxRowsAsync(
        TableClient table,
        string tenantId,
        string filter,
        Dictionary<string, OutboxEntry> entries,
        CancellationToken cancellationToken
    )
    {
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (OutboxRow.Read(tenantId, row) is { } entry)
            {
                entries.TryAdd(entry.DigestId, entry);
            }
        }
    }

    private async Task<OutboxEntry?> TryReplaceAsync(
        OutboxEntry entry,
        string version,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(
                OutboxRow.Write(TableKeys.Tenant(entry.TenantId), entry),
                new ETag(version),
                TableUpdateMode.Replace,
                cancellationToken
            );
            return entry with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One ledger action as a single-entity request, with the same guard as in a transaction.</summary>
    private static Task<Response> WriteAsync(
        TableClient table,
        TableTransactionAction action,
        CancellationToken cancellationToken
    ) =>
        action.ActionType switch
        {
            TableTransactionActionType.Add => table.AddEntityAsync(action.Entity, cancellationToken),
            TableTransactionActionType.UpdateReplace => table.UpdateEntityAsync(
                action.Entity,
                action.ETag,
                TableUpdateMode.Replace,
                cancellationToken
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(action),
                action.ActionType,
                "A ledger is only added or replaced."
            ),
        };
}
