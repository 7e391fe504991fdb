using Azure.Data.Tables;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// An evaluation's read of one tenant in one query: the enrollment scans, the ledger row and the newest polls share the
/// tenant's partition of <c>TokenState</c>, in that key order, so the usual hour (a few quiet polls since the
/// watermark) costs one round trip.
/// When the polls read with it do not reach back to the watermark (a backlog), or the service returns the page cut
/// short, they are read by their own query, as <see cref="StoreEvaluationReader"/> reads them.
/// </summary>
public sealed class TableEvaluationReader(
    TableStorage storage,
    TableAlertLedgerStore ledgers,
    TablePollHistory polls,
    TableEnrollmentStore enrollment
) : IEvaluationReader
{
    /// <summary>Enrollment rows read beside the ledger: a connector row and one per ADE token, far beyond most
    /// tenants; more are read by their own query.</summary>
    private const int EnrollmentWithLedger = 20;

    /// <summary>
    /// Polls read beside the ledger: more than a day of hourly polls, as a quiet ledger's watermark is written once a
    /// day, and the few markers of polls written in several transactions.
    /// </summary>
    private const int RunsWithLedger = 40;

    public async Task<EvaluationInput> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var (runs, scans) = (RunRow.Prefix, EnrollmentScanRow.Prefix);
        var filter =
            $"{TableKeys.PartitionFilter(TableKeys.Tenant(tenantId))} and (RowKey eq '{LedgerRow.Key}'"
            + $" or (RowKey ge '{scans}' and RowKey lt '{scans}{char.MaxValue}')"
            + $" or (RowKey ge '{runs}' and RowKey lt '{runs}{char.MaxValue}'))";
        var (rows, continuation) = await FirstPageAsync(table, filter, cancellationToken);
        var ledgerRow = rows.FirstOrDefault(r => r.RowKey == LedgerRow.Key);
        var runRows = rows.Where(r => r.RowKey != LedgerRow.Key && !TableEnrollmentStore.IsEnrollmentRow(r)).ToList();

        // Rows come in key order, "enrollment|" before "ledger" before "run|": a page cut short before the ledger or
        // a run may not have reached them, nor every enrollment row.
        if (ledgerRow is null && runRows.Count == 0 && continuation is not null)
        {
            var read = await new StoreEvaluationReader(ledgers, polls).ReadAsync(tenantId, cancellationToken);
            return read with { Enrollment = await enrollment.LoadAsync(tenantId, cancellationToken) };
        }

        var loaded = await ledgers.ReadAsync(tenantId, ledgerRow, cancellationToken);
        var since = loaded.Ledger.Watermark;
        var activity = since is null
            ? null
            : await polls.TryFoldAsync(tenantId, since, runRows, allRead: continuation is null, cancellationToken);
        activity ??= await polls.LoadSinceAsync(tenantId, since, cancellationToken);
        return new EvaluationInput(loaded, activity) { Enrollment = TableEnrollmentStore.Read(tenantId, rows) };
    }

    private static async Task<(List<TableEntity> Rows, string? Continuation)> FirstPageAsync(
        Azure.Data.Tables.TableClient table,
        string filter,
        CancellationToken cancellationToken
    )
    {
        var pageSize = EnrollmentWithLedger + RunsWithLedger + 1;
        await foreach (
            var page in table
                .QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages()
        )
        {
            return ([.. page.Values], page.ContinuationToken);
        }

        return ([], null);
    }
}
