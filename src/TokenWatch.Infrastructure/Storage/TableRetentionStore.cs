using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Retention;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The clean-up of one tenant's partition of <c>TokenState</c> (tokens, polls, history, ledger, outbox, enrollment
/// scans, and the audit of alert actions with the used links' records) and of what is left of it in
/// <c>AlertLedger</c>, the table of schema version 2. Each is read once, keys and the few
/// properties the rules need only, so the same read counts the rows that stay; deletions go in transactions of up to
/// 100. The row keys carry the time of polls and history rows, the outbox rows their status.
/// </summary>
public sealed class TableRetentionStore(TableStorage storage) : IRetentionStore
{
    private static readonly string[] Columns =
    [
        "RowKey",
        "Succeeded",
        "TokenKey",
        "Status",
        "CreatedAt",
        "LeaseUntil",
        "Channels",
        "At",
        "ExpiresAt",
    ];

    private const string AuditPrefix = "audit|";
    private const string UsedLinkPrefix = "actlink|";

    /// <summary>The longest lifetime <c>TokenWatch:Actions:LinkLifetimeDays</c> allows.</summary>
    private static readonly TimeSpan LongestLinkLife = TimeSpan.FromDays(ActionSettings.MaxLinkLifetimeDays);

    public async Task<PrunedTenant> PruneAsync(
        string tenantId,
        RetentionRules rules,
        int maxDeletes,
        CancellationToken cancellationToken
    )
    {
        var partition = TableKeys.Tenant(tenantId);
        var rows = new Dictionary<StoredRowKind, long>();
        var state = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var openHistory = new OpenAlertHistory(rules.OpenSince);
        var scans = await ScanRowsToDropAsync(state, partition, cancellationToken);
        var stateDeletes = await ScanAsync(
            state,
            partition,
            rows,
            row => StateTableRowExpired(row, rules, openHistory, scans),
            maxDeletes,
            cancellationToken
        );
        await DeleteAsync(state, partition, stateDeletes, cancellationToken);
        var previousDeletes = await PrunePreviousAsync(
            partition,
            rows,
            rules,
            maxDeletes - stateDeletes.Count,
            cancellationToken
        );
        return new PrunedTenant(stateDeletes.Count + previousDeletes.Count, rows);
    }

    /// <summary>What is left in the table of schema version 2, where the store was upgraded.</summary>
    private async Task<List<string>> PrunePreviousAsync(
        string partition,
        Dictionary<StoredRowKind, long> rows,
        RetentionRules rules,
        int maxDeletes,
        CancellationToken cancellationToken
    ) => await storage.ReadPreviousAsync(TableStorage.AlertLedgerTable, async previous =>
        {
            var deletes = await ScanAsync(
                previous,
                partition,
                rows,
                row => OutboxExpired(row, rules),
                maxDeletes,
                cancellationToken
            );
            await DeleteAsync(previous, partition, deletes, cancellationToken);
            return deletes;
        }) ?? [];

    /// <summary>
    /// Counts every row of the partition by kind (less those to delete) and picks at most <paramref name="max"/> to
    /// delete.
    /// </summary>
    private static async Task<List<string>> ScanAsync(
        TableClient table,
        string partition,
        Dictionary<StoredRowKind, long> rows,
        Func<TableEntity, bool> expired,
        int max,
        CancellationToken cancellationToken
    )
    {
        var deletes = new List<string>();
        var newestRunSeen = false;
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                TableKeys.PartitionFilter(partition),
                select: Columns,
                cancellationToken: cancellationToken
            )
        )
        {
            var kind = new StoredRowKind(table.Name, KindOf(row));
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

    /// <summary>
    /// The enrollment scan rows of ADE tokens the tenant no longer has (no token row beside them), and the rows an
    /// earlier build wrote as <c>scan|…</c>, which nothing reads: one query of keys.
    /// </summary>
    private static async Task<HashSet<string>> ScanRowsToDropAsync(
        TableClient table,
        string partition,
        CancellationToken cancellationToken
    )
    {
        var (scan, token, legacy) = (EnrollmentScanRow.Key(""), TokenRow.Prefix + TableKeys.Join("ade", ""), "scan|");
        var filter =
            $"{TableKeys.PartitionFilter(partition)} and ((RowKey ge '{scan}' and RowKey lt '{scan}{char.MaxValue}')"
            + $" or (RowKey ge '{token}' and RowKey lt '{token}{char.MaxValue}')"
            + $" or (RowKey ge '{legacy}' and RowKey lt '{legacy}{char.MaxValue}'))";
        var keys = new List<string>();
        await foreach (
            var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken)
        )
        {
            keys.Add(row.RowKey);
        }

        var tokens = keys.Where(k => k.StartsWith(token, StringComparison.Ordinal)).Select(k => k[token.Length..]);
        var live = new HashSet<string>(tokens, StringComparer.Ordinal);
        return keys.Where(k =>
                k.StartsWith(legacy, StringComparison.Ordinal)
                || (k.StartsWith(scan, StringComparison.Ordinal) && !live.Contains(k[scan.Length..]))
            )
            .ToHashSet(StringComparer.Ordinal);
    }

    private static async Task DeleteAsync(
        TableClient table,
        string partition,
        List<string> keys,
        CancellationToken cancellationToken
    )
    {
        var actions = keys.Select(k => new TableTransactionAction(
                TableTransactionActionType.Delete,
                new TableEntity(partition, k),
                ETag.All
            ))
            .ToList();
        await TableStorage.SubmitAsync(table, actions, cancellationToken);
    }

    private static string KindOf(TableEntity row) =>
        row.RowKey switch
        {
            var k when k.StartsWith("token|!", StringComparison.Ordinal) => "head",
            var k when k.StartsWith("token|", StringComparison.Ordinal) => "token",
            var k when k.StartsWith("run|!", StringComparison.Ordinal) => "marker",
            var k when k.StartsWith("run|", StringComparison.Ordinal) => "run",
            var k when k.StartsWith("hist|", StringComparison.Ordinal) => "history",
            var k when k.StartsWith("outbox|", StringComparison.Ordinal) => "outbox",
            var k when k.StartsWith("scan|", StringComparison.Ordinal) => "scan",
            var k when k.StartsWith(EnrollmentScanRow.Prefix, StringComparison.Ordinal) => "scan",
            var k when k.StartsWith("audit|", StringComparison.Ordinal) => "audit",
            var k when k.StartsWith("actlink|", StringComparison.Ordinal) => "used-link",
            "ledger" => "ledger",
            _ => "other",
        };

    /// <summary>A row of the token state table that is past its rule, or an enrollment scan row to drop.</summary>
    private static bool StateTableRowExpired(
        TableEntity row,
        RetentionRules rules,
        OpenAlertHistory openHistory,
        HashSet<string> scans
    ) =>
        StateExpired(row, rules, openHistory)
        || OutboxExpired(row, rules)
        || AuditExpired(row, rules)
        || scans.Contains(row.RowKey);

    private static bool StateExpired(TableEntity row, RetentionRules rules, OpenAlertHistory openHistory)
    {
        var key = row.RowKey;
        if (key.StartsWith("hist|", StringComparison.Ordinal))
        {
            return TableKeys.FromInvertedTicks(key.AsSpan("hist|".Length)) is { } at
                && !openHistory.Keeps(row.GetString("TokenKey"), at)
                && at < rules.HistoryBefore;
        }

        if (key.StartsWith("run|", StringComparison.Ordinal) && !key.StartsWith("run|!", StringComparison.Ordinal))
        {
            var before = row.GetBoolean("Succeeded") == false ? rules.FailedPollsBefore : rules.SucceededPollsBefore;
            return TableKeys.FromInvertedTicks(key.AsSpan("run|".Length)) is { } at && at < before;
        }

        return false;
    }

    /// <summary>
    /// An audit row goes after its retention, unless it records a silencing still running; a used link's row once the
    /// link has expired, since an expired link is
    /// refused before its use is looked up. A row written before links carried their expiry keeps
    /// <see cref="LongestLinkLife"/> from its use, the longest a link can live.
    /// </summary>
    private static bool AuditExpired(TableEntity row, RetentionRules rules)
    {
        var key = row.RowKey;
        if (key.StartsWith(AuditPrefix, StringComparison.Ordinal))
        {
            return TableKeys.FromInvertedTicks(key.AsSpan(AuditPrefix.Length)) is { } at
                && at < rules.AuditBefore
                && !(rules.RunningSilences.TryGetValue(row.GetString("TokenKey") ?? "", out var set) && at >= set);
        }

        return key.StartsWith(UsedLinkPrefix, StringComparison.Ordinal)
            && (row.GetDateTimeOffset("ExpiresAt") ?? row.GetDateTimeOffset("At") + LongestLinkLife) is { } expires
            && expires < rules.Now;
    }

    /// <summary>
    /// A digest goes when it is old and done with: never one that is pending (leased or not), still leased, or still
    /// owed by one of its channels.
    /// </summary>
    private static bool OutboxExpired(TableEntity row, RetentionRules rules) =>
        row.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
        && Enum.TryParse<OutboxStatus>(row.GetString("Status"), out var status)
        && status != OutboxStatus.Pending
        && row.GetDateTimeOffset("CreatedAt") is { } created
        && created < rules.OutboxBefore
        && row.RowKey != "outbox|" + TableKeys.Escape(rules.KeepDigest ?? "")
        && !(row.GetDateTimeOffset("LeaseUntil") is { } leased && leased > rules.Now)
        && (status == OutboxStatus.Superseded || !ChannelStillOwes(row));

    /// <summary>
    /// A channel of the digest is still pending (its <c>Channels</c> state; a row written before channels has none).
    /// A superseded digest is exempt: what its channels owed travels on in the digest that superseded it.
    /// </summary>
    private static bool ChannelStillOwes(TableEntity row) =>
        row.GetString("Channels") is { Length: > 0 } channels
        && AlertJson.DeserializeChannels(channels).Values.Any(c => c.Status == OutboxStatus.Pending);
}
