using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The polls an evaluation folds in, from the runs and history ranges of the tenant's <c>TokenState</c> partition: two
/// range queries since the watermark, however long the history. A run row counts the history rows of its poll, so
/// when every poll since the watermark changed nothing (the usual hour) the history query is not needed. While a
/// marker of a poll written in several transactions is there (<see cref="PollRuns"/>), the history is always read; an
/// evaluation whose watermark has passed a marker removes it: the poll that left it died, and its changes are behind
/// the watermark.
/// </summary>
public sealed class TablePollHistory(TableStorage storage) : IPollHistory
{
    /// <summary>
    /// Polls one evaluation folds in one by one; older unevaluated polls contribute only their changes. A week of
    /// hourly polls: far more than any clean-poll or failure count needs.
    /// </summary>
    private const int MaxPollsPerEvaluation = 168;

    public async Task<PollActivity> LoadSinceAsync(
        string tenantId,
        PollWatermark? since,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        if (since is null)
        {
            return await BaselineAsync(table, tenantId, cancellationToken);
        }

        var filter = PollRuns.RunRange(TableKeys.Tenant(tenantId), since.At);
        var take = MaxPollsPerEvaluation + since.RunIds.Count + 1;
        var (stored, markers) = await PollRuns.LoadAsync(table, tenantId, filter, take, cancellationToken);
        return await FoldAsync(table, tenantId, since, stored, markers, cancellationToken);
    }

    /// <summary>
    /// The polls since <paramref name="since"/> from rows of the runs range read newest first beside the ledger
    /// (<see cref="TableEvaluationReader"/>); null when they may not reach back to the watermark
    /// (<paramref name="allRead"/> false and no row before it), so the caller reads them as
    /// <see cref="LoadSinceAsync"/> does.
    /// </summary>
    public async Task<PollActivity?> TryFoldAsync(
        string tenantId,
        PollWatermark since,
        IReadOnlyList<TableEntity> runRows,
        bool allRead,
        CancellationToken cancellationToken
    )
    {
        var runs = new List<StoredRun>();
        var markers = new List<string>();
        var reached = allRead;
        foreach (var row in runRows)
        {
            if (TableKeys.FromInvertedTicks(row.RowKey.AsSpan(RunRow.Prefix.Length)) is { } at && at < since.At)
            {
                reached = true;
                break;
            }

            PollRuns.Add(tenantId, row, runs, markers);
        }

        if (!reached)
        {
            return null;
        }

        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        return await FoldAsync(table, tenantId, since, runs, markers, cancellationToken);
    }

    /// <summary>
    /// A tenant's first evaluation: the tenant as stored now is the baseline, whatever polls came before.
    /// </summary>
    private static async Task<PollActivity> BaselineAsync(
        TableClient table,
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        if (await PollRuns.NewestAsync(table, tenantId, cancellationToken) is not { } newest)
        {
            return PollActivity.None;
        }

        var tokens = await TableTokenStateStore.LoadTokensAsync(table, tenantId, cancellationToken);
        var baseline = tokens.Select(t => new TokenChange(t.Observation.Key, t.Observation)).ToList();
        return PollActivity.Of(
            new PollSnapshot(newest.RunId, newest.Record.StartedAt, newest.Record.Failures, baseline)
        );
    }

    /// <summary>The polls after the watermark, from its run rows (newest first) and the markers among them.</summary>
    private static async Task<PollActivity> FoldAsync(
        TableClient table,
        string tenantId,
        PollWatermark since,
        List<StoredRun> stored,
        List<string> markers,
        CancellationToken cancellationToken
    )
    {
        var partition = TableKeys.Tenant(tenantId);
        var folded = new HashSet<string>(since.RunIds, StringComparer.Ordinal);
        var writing = await DropPassedMarkersAsync(table, partition, markers, since.At, cancellationToken);
        var runs = stored.Where(r => !folded.Contains(r.RunId)).ToList();
        if (runs.Count == 0)
        {
            return PollActivity.None;
        }

        var missed = runs.Count > MaxPollsPerEvaluation;
        runs = runs.Take(MaxPollsPerEvaluation).Reverse().ToList();
        if (!missed && !writing && runs.All(r => r.Changes == 0))
        {
            // Every history row since the watermark belongs to one of these polls (no poll was skipped, none is
            // half written), and they wrote none: the history query would come back empty.
            return new PollActivity(runs.Select(r => Snapshot(r, [])).ToList(), [], false);
        }

        var (changes, earlier) = await ReadHistoryAsync(table, partition, since, folded, runs, cancellationToken);
        var polls = runs.Select(r => Snapshot(r, changes.TryGetValue(r.RunId, out var list) ? list : [])).ToList();
        return new PollActivity(polls, earlier, missed);
    }

    /// <summary>
    /// The history since the watermark: the changes of each poll read, and those of older polls not read (oldest
    /// first). A change of a poll still being written is left for the next evaluation, which reads it with its run.
    /// </summary>
    private static async Task<(
        Dictionary<string, List<TokenChange>> ByRun,
        List<TokenChange> Earlier
    )> ReadHistoryAsync(
        TableClient table,
        string partition,
        PollWatermark since,
        HashSet<string> folded,
        List<StoredRun> runs,
        CancellationToken cancellationToken
    )
    {
        var loaded = runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var oldest = runs[0].Record.StartedAt;
        var changes = new Dictionary<string, List<TokenChange>>(StringComparer.Ordinal);
        var earlier = new List<(DateTimeOffset At, TokenChange Change)>();
        var rows = table.QueryAsync<TableEntity>(
            PollRuns.HistoryRange(partition, since.At),
            cancellationToken: cancellationToken
        );
        await foreach (var row in rows)
        {
            if (ChangeRow.Read(row) is not { } change || folded.Contains(change.RunId))
            {
                continue;
            }

            if (loaded.Contains(change.RunId))
            {
                changes.TryAdd(change.RunId, []);
                changes[change.RunId].Add(change.ToTokenChange());
            }
            else if (change.At < oldest)
            {
                earlier.Add((change.At, change.ToTokenChange()));
            }
        }

        return (changes, earlier.OrderBy(e => e.At).Select(e => e.Change).ToList());
    }

    private static PollSnapshot Snapshot(StoredRun run, IReadOnlyList<TokenChange> changes) =>
        new(run.RunId, run.Record.StartedAt, run.Record.Failures, changes);

    /// <summary>
    /// True while a marker the watermark has not passed remains. A marker older than the watermark is left by a poll
    /// that died between its transactions (a later poll has run and been folded in since): its history rows are
    /// behind the watermark and never read again, so it only cost a history query per evaluation, forever. It goes.
    /// </summary>
    private static async Task<bool> DropPassedMarkersAsync(
        TableClient table,
        string partition,
        List<string> markers,
        DateTimeOffset watermark,
        CancellationToken cancellationToken
    )
    {
        var writing = false;
        foreach (var marker in markers)
        {
            if (PollRuns.MarkerTime(marker) is not { } at || at >= watermark)
            {
                writing = true;
                continue;
            }

            try
            {
                // As a transaction: its keys are in the body, where '!' and '|' need no escaping in a signed URL.
                var delete = new TableTransactionAction(
                    TableTransactionActionType.Delete,
                    new TableEntity(partition, marker),
                    ETag.All
                );
                await table.SubmitTransactionAsync([delete], cancellationToken);
            }
            catch (RequestFailedException)
            {
                // Left for the next evaluation; meanwhile the history is read, as it was while the marker was needed.
                writing = true;
            }
        }

        return writing;
    }
}
