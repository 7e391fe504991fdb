using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Reads the runs range of a tenant's partition (<c>run|…</c>, newest first) and names the ranges by time. A poll
/// too large for one transaction first writes a marker (<c>run|!writing|…</c>, sorting before every run) and removes
/// it with its last transaction: while one is there, history rows may exist that no run row counts.
/// </summary>
internal static class PollRuns
{
    /// <summary>
    /// Marks a poll written in several transactions until its last one; '!' sorts before any inverted ticks.
    /// </summary>
    public const string WritingPrefix = RunRow.Prefix + "!writing|";

    public static string RunRange(string partition, DateTimeOffset? from) => Since(partition, RunRow.Prefix, from);

    public static string HistoryRange(string partition, DateTimeOffset? from) =>
        Since(partition, ChangeRow.Prefix, from);

    /// <summary>The start of the poll that wrote a marker (<c>run|!writing|inverted ticks|suffix</c>).</summary>
    public static DateTimeOffset? MarkerTime(string rowKey) =>
        TableKeys.FromInvertedTicks(rowKey.AsSpan(WritingPrefix.Length));

    /// <summary>
    /// Runs matching <paramref name="filter"/>, newest first, at most <paramref name="take"/>; and the markers of polls
    /// written in several transactions that have not finished (they sort first, so they are seen whatever the take).
    /// </summary>
    public static async Task<(List<StoredRun> Runs, List<string> Markers)> LoadAsync(
        TableClient table,
        string tenantId,
        string filter,
        int take,
        CancellationToken cancellationToken
    )
    {
        var runs = new List<StoredRun>();
        var writing = new List<string>();
        var rows = table.QueryAsync<TableEntity>(
            filter,
            maxPerPage: Math.Min(take, 1000),
            cancellationToken: cancellationToken
        );
        await foreach (var row in rows)
        {
            Add(tenantId, row, runs, writing);
            if (runs.Count >= take)
            {
                break;
            }
        }

        return (runs, writing);
    }

    /// <summary>The tenant's newest poll; null before its first.</summary>
    public static async Task<StoredRun?> NewestAsync(
        TableClient table,
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        var filter = RunRange(TableKeys.Tenant(tenantId), null);
        return (await LoadAsync(table, tenantId, filter, 1, cancellationToken)).Runs.FirstOrDefault();
    }

    /// <summary>
    /// A row of the runs range: a poll's run row, or the marker of a poll written in several transactions.
    /// </summary>
    public static void Add(string tenantId, TableEntity row, List<StoredRun> runs, List<string> markers)
    {
        if (row.RowKey.StartsWith(WritingPrefix, StringComparison.Ordinal))
        {
            markers.Add(row.RowKey);
            return;
        }

        runs.Add(RunRow.Read(tenantId, row));
    }

    /// <summary>
    /// Rows of a newest-first prefix that started at or after <paramref name="from"/> (all of them for null).
    /// </summary>
    private static string Since(string partition, string prefix, DateTimeOffset? from) =>
        from is { } at
            ? $"{TableKeys.PartitionFilter(partition)} and RowKey ge '{prefix}' "
                + $"and RowKey lt '{prefix}{TableKeys.InvertedTicks(at)}{TableKeys.Separator}{char.MaxValue}'"
            : TableKeys.PrefixFilter(partition, prefix);
}
