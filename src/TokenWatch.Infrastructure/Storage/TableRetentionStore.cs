using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Retention;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The clean-up of one tenant's two partitions. Each is read once, keys and the few properties the rules need only
/// (a tenant keeps a few hundred rows, one page), so the same read counts the rows that stay; deletions go in
/// transactions of up to 100. The row keys carry the time of polls and history rows, the outbox rows their status.
/// </summary>
public sealed class TableRetentionStore(TableStorage storage) : IRetentionStore
{
    private static readonly string[] StateColumns = ["RowKey", "Succeeded", "TokenKey"];
    private static readonly string[] OutboxColumns = ["RowKey", "Status", "CreatedAt"];

    public async Task<PrunedTenant> PruneAsync(string tenantId, RetentionRules rules, int maxDeletes, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(tenantId);
        var rows = new Dictionary<StoredRowKind, long>();
        var state = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var openHistory = new OpenAlertHistory(rules.OpenSince);
        var stateDeletes = await ScanAsync(state, partition, StateColumns, rows, StateKind,
            row => StateExpired(row, rules, openHistory), maxDeletes, cancellationToken);
        var ledger = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var outboxDeletes = await ScanAsync(ledger, partition, OutboxColumns, rows, OutboxKind,
            row => OutboxExpired(row, rules), maxDeletes - stateDeletes.Count, cancellationToken);

        await DeleteAsync(state, partition, stateDeletes, cancellationToken);
        await DeleteAsync(ledger, partition, outboxDeletes, cancellationToken);
        return new PrunedTenant(stateDeletes.Count + outboxDeletes.Count, rows);
    }

    /// <summary>Counts every row of the partition by kind (less those to delete) and picks at most <paramref name="max"/> to delete.</summary>
    private static async Task<List<string>> ScanAsync(
        TableClient table, string partition, string[] columns, Dictionary<StoredRowKind, long> rows, Func<TableEntity, string> kindOf,
        Func<TableEntity, bool> expired, int max, CancellationToken cancellationToken)
    {
        var deletes = new List<string>();
        var newestRunSeen = false;
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PartitionFilter(partition), select: columns, cancellationToken: cancellationToken))
        {
            var kind = new StoredRowKind(table.Name, kindOf(row));
            // Run rows come newest first: the first is the tenant's last poll, which always stays.
            var isNewestRun = kind.Kind == "run" && !newestRunSeen;
            newestRunSeen |= kind.Kind == "run";
            if (deletes.Count < max && !isNewestRun && expired(row))
            {
                deletes.Add(row.RowKey);
                continue;
            }

            rows[kind] = rows.GetValueOrDefault(kind) + 1;
        }

        return deletes;
    }

    private static async Task DeleteAsync(TableClient table, string partition, List<string> keys, CancellationToken cancellationToken)
    {
        var actions = keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)).ToList();
        await TableStorage.SubmitAsync(table, actions, cancellationToken);
    }

    private static string StateKind(TableEntity row) => row.RowKey switch
    {
        var k when k.StartsWith("token|!", StringComparison.Ordinal) => "head",
        var k when k.StartsWith("token|", StringComparison.Ordinal) => "token",
        var k when k.StartsWith("run|!", StringComparison.Ordinal) => "marker",
        var k when k.StartsWith("run|", StringComparison.Ordinal) => "run",
        var k when k.StartsWith("hist|", StringComparison.Ordinal) => "history",
        _ => "other",
    };

    private static bool StateExpired(TableEntity row, RetentionRules rules, OpenAlertHistory openHistory)
    {
        var key = row.RowKey;
        if (key.StartsWith("hist|", StringComparison.Ordinal))
        {
            return TableKeys.FromInvertedTicks(key.AsSpan("hist|".Length)) is { } at
                && !openHistory.Keeps(row.GetString("TokenKey"), at) && at < rules.HistoryBefore;
        }

        if (key.StartsWith("run|", StringComparison.Ordinal) && !key.StartsWith("run|!", StringComparison.Ordinal))
        {
            var before = row.GetBoolean("Succeeded") == false ? rules.FailedPollsBefore : rules.SucceededPollsBefore;
            return TableKeys.FromInvertedTicks(key.AsSpan("run|".Length)) is { } at && at < before;
        }

        return false;
    }

    private static string OutboxKind(TableEntity row) => row.RowKey.StartsWith("outbox|", StringComparison.Ordinal) ? "outbox" : row.RowKey;

    /// <summary>A digest goes when it is old and done with; a pending one (leased or not) never does.</summary>
    private static bool OutboxExpired(TableEntity row, RetentionRules rules) =>
        row.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
        && Enum.TryParse<OutboxStatus>(row.GetString("Status"), out var status) && status != OutboxStatus.Pending
        && row.GetDateTimeOffset("CreatedAt") is { } created && created < rules.OutboxBefore
        && row.RowKey != "outbox|" + TableKeys.Escape(rules.KeepDigest ?? "");
}
