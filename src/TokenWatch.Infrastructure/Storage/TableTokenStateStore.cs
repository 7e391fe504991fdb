using Azure.Data.Tables;
using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The <c>TokenState</c> table, one partition per tenant:
/// <list type="bullet">
/// <item><c>token|kind|id</c>: the latest observation of every token (<see cref="TokenRow"/>), led by the head row
/// that names the newest poll (<see cref="HeadRow"/>);</item>
/// <item><c>run|inverted ticks|suffix</c>: a record of every poll, newest first (<see cref="RunRow"/>);</item>
/// <item><c>hist|inverted ticks|suffix|kind:id</c>: the token history, one row when a poll saw a token change
/// (<see cref="ChangeRow"/>);</item>
/// <item><c>ledger</c> and <c>outbox|…</c>: the tenant's alert ledger and digests
/// (<see cref="TableAlertLedgerStore"/>), here so that one query reads the ledger with the polls since its watermark
/// (<see cref="TableEvaluationReader"/>).</item>
/// </list>
/// Keeping them in the tenant's partition lets a whole poll be written in one transaction, and a quiet poll is one
/// query (the tokens with the head row) and one transaction. What a poll changed, and when it is recorded, the poll
/// decides (<see cref="PollRecord"/>); this store only maps rows. Every row carries <c>SchemaVersion</c>
/// (<see cref="StorageSchema"/>); rows of version 1 have none and no head row, and are read as they are.
/// </summary>
public sealed class TableTokenStateStore(TableStorage storage) : ITokenStateStore, ITokenHistory
{
    public async Task<PollBaseline> LoadBaselineAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var tokens = new List<Core.Tokens.TokenObservation>();
        DateTimeOffset? newest = null;
        var hasHead = false;
        await foreach (var row in QueryAsync(table, TokenRange(tenantId), cancellationToken))
        {
            if (row.RowKey == HeadRow.Key)
            {
                hasHead = true;
                newest = HeadRow.ReadAt(row);
            }
            else if (TokenRow.Read(tenantId, row) is { } token)
            {
                tokens.Add(token.Observation);
            }
        }

        // Rows of schema version 1 have no head row: the newest run is read once, and the head row written with the
        // poll.
        newest = hasHead ? newest : (await PollRuns.NewestAsync(table, tenantId, cancellationToken))?.Record.StartedAt;
        return new PollBaseline(tokens, newest);
    }

    public async Task SaveAsync(PollRecord record, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var reading = record.Reading;
        var partition = TableKeys.Tenant(reading.TenantId);
        var runId = TableKeys.InvertedTicks(reading.ReadAt) + TableKeys.Separator + Guid.NewGuid().ToString("N")[..8];
        var tokenActions = TokenActions(partition, record);
        var historyActions = record
            .Changes.Changes.Select(c =>
                Action(TableTransactionActionType.Add, ChangeRow.Write(partition, runId, reading.ReadAt, c))
            )
            .ToList();

        // The run row goes last: a run row that exists means every change of its poll is stored.
        var runRow = Action(
            TableTransactionActionType.Add,
            RunRow.Write(partition, runId, reading, historyActions.Count)
        );
        var head = Action(TableTransactionActionType.UpsertReplace, HeadRow.Write(partition, runId, reading.ReadAt));
        if (tokenActions.Count + historyActions.Count + 2 <= TableStorage.MaxBatch)
        {
            await table.SubmitTransactionAsync([.. historyActions, .. tokenActions, runRow, head], cancellationToken);
            return;
        }

        await SaveInPartsAsync(
            table,
            partition,
            runId,
            [.. historyActions, .. tokenActions],
            [runRow, head],
            cancellationToken
        );
    }

    /// <summary>
    /// The token rows a poll replaces (those of the endpoints it read) and deletes (tokens gone from them).
    /// </summary>
    private static List<TableTransactionAction> TokenActions(string partition, PollRecord record)
    {
        var readAt = record.Reading.ReadAt;
        var upserts = record.Changes.Read.Select(t =>
            Action(TableTransactionActionType.UpsertReplace, TokenRow.Write(partition, t, readAt))
        );
        var deletes = record
            .Changes.Changes.Where(c => c.Kind == TokenChangeKind.Removed)
            .Select(c =>
                Action(TableTransactionActionType.Delete, new TableEntity(partition, TokenRow.Key(c.TokenKey)))
            );
        return [.. upserts, .. deletes];
    }

    /// <summary>
    /// A poll too large for one transaction, where storage may fail between two of them. The marker goes in with the
    /// first and leaves with the run row in the last: a poll that dies in between leaves it behind, and evaluations
    /// keep reading the history rows its run row would have counted. History rows go before token rows: a token row
    /// is then never updated before the history row of its change exists, so a poll cut short leaves tokens either
    /// changed with their history or unchanged, to be seen changing by the next poll.
    /// </summary>
    private static async Task SaveInPartsAsync(
        TableClient table,
        string partition,
        string runId,
        IReadOnlyList<TableTransactionAction> changes,
        IReadOnlyList<TableTransactionAction> last,
        CancellationToken cancellationToken
    )
    {
        var marker = new TableEntity(partition, PollRuns.WritingPrefix + runId)
        {
            [StorageSchema.Property] = StorageSchema.Current,
        };
        await TableStorage.SubmitAsync(
            table,
            [Action(TableTransactionActionType.UpsertReplace, marker), .. changes],
            cancellationToken
        );
        await table.SubmitTransactionAsync(
            [Action(TableTransactionActionType.Delete, marker), .. last],
            cancellationToken
        );
    }

    public async Task<StoredTenantState> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var tokens = await LoadTokensAsync(table, tenantId, cancellationToken);
        var lastPoll = await PollRuns.NewestAsync(table, tenantId, cancellationToken);
        return new StoredTenantState(tenantId, tokens, lastPoll?.Record);
    }

    /// <summary>
    /// What the polls saw change since <paramref name="from"/>, oldest first: the token history for people.
    /// </summary>
    public async Task<IReadOnlyList<ObservedChange>> ReadChangesAsync(
        string tenantId,
        DateTimeOffset from,
        string? tokenKey,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var changes = new List<ObservedChange>();
        var filter = PollRuns.HistoryRange(TableKeys.Tenant(tenantId), from);
        await foreach (var row in QueryAsync(table, filter, cancellationToken))
        {
            if (ChangeRow.Read(row) is { } change && (tokenKey is null || change.TokenKey == tokenKey))
            {
                changes.Add(change);
            }
        }

        changes.Reverse();
        return changes;
    }

    /// <summary>The polls since <paramref name="from"/> that could not read an endpoint, oldest first.</summary>
    public async Task<IReadOnlyList<PollRunRecord>> ReadFailedPollsAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var filter = PollRuns.RunRange(TableKeys.Tenant(tenantId), from) + " and Succeeded eq false";
        var runs = await PollRuns.LoadAsync(table, tenantId, filter, int.MaxValue, cancellationToken);
        return runs.Runs.Select(r => r.Record).Reverse().ToList();
    }

    /// <summary>Every stored token of the tenant (the token range, the head row aside).</summary>
    internal static async Task<List<StoredToken>> LoadTokensAsync(
        TableClient table,
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        var tokens = new List<StoredToken>();
        await foreach (var row in QueryAsync(table, TokenRange(tenantId), cancellationToken))
        {
            if (TokenRow.Read(tenantId, row) is { } token)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    private static string TokenRange(string tenantId) =>
        TableKeys.PrefixFilter(TableKeys.Tenant(tenantId), TokenRow.Prefix);

    private static IAsyncEnumerable<TableEntity> QueryAsync(
        TableClient table,
        string filter,
        CancellationToken cancellationToken
    ) => table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);

    private static TableTransactionAction Action(TableTransactionActionType type, TableEntity row) => new(type, row);
}
