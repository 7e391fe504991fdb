using Azure.Data.Tables;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// An evaluation's read of one tenant in one query: the ledger row and the newest polls share the tenant's
/// partition of <c>TokenState</c>, so the usual hour (a few quiet polls since the watermark) costs one round trip.
/// When the polls read with it do not reach back to the watermark (a backlog), or the service returns the page cut
/// short, they are read by their own query, as <see cref="StoreEvaluationReader"/> reads them.
/// </summary>
public sealed class TableEvaluationReader(TableStorage storage, TableAlertLedgerStore ledgers, TablePollHistory polls)
    : IEvaluationReader
{
    /// <summary>
    /// Polls read beside the ledger: more than a day of hourly polls, as a quiet ledger's watermark is written once a
    /// day, and the few markers of polls written in several transactions.
    /// </summary>
    private const int RunsWithLedger = 40;

    public async Task<EvaluationInput> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var (ledgerRow, runRows, continuation) = await ReadFirstPageAsync(tenantId, cancellationToken);

        // Rows come in key order, "ledger" before "run|": a page cut short before any row may not have reached it.
        if (ledgerRow is null && runRows.Count == 0 && continuation is not null)
        {
            return await new StoreEvaluationReader(ledgers, polls).ReadAsync(tenantId, cancellationToken);
        }

        var loaded = await ledgers.ReadAsync(tenantId, ledgerRow, cancellationToken);
        var since = loaded.Ledger.Watermark;
        var activity = since is null
            ? null
            : await polls.TryFoldAsync(tenantId, since, runRows, allRead: continuation is null, cancellationToken);
        activity ??= await polls.LoadSinceAsync(tenantId, since, cancellationToken);
        return new EvaluationInput(loaded, activity);
    }

    /// <summary>
    /// The ledger row and the newest poll rows, one page of them, and whether the page was cut short.
    /// </summary>
    private async Task<(TableEntity? Ledger, List<TableEntity> Runs, string? Continuation)> ReadFirstPageAsync(
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var runs = RunRow.Prefix;
        var filter =
            $"{TableKeys.PartitionFilter(TableKeys.Tenant(tenantId))} and (RowKey eq '{LedgerRow.Key}'"
            + $" or (RowKey ge '{runs}' and RowKey lt '{runs}{char.MaxValue}'))";
        var pages = table
            .QueryAsync<TableEntity>(filter, maxPerPage: RunsWithLedger + 1, cancellationToken: cancellationToken)
            .AsPages();
        await foreach (var page in pages)
        {
            var ledger = page.Values.FirstOrDefault(r => r.RowKey == LedgerRow.Key);
            return (ledger, page.Values.Where(r => r.RowKey != LedgerRow.Key).ToList(), page.ContinuationToken);
        }

        return (null, [], null);
    }
}
