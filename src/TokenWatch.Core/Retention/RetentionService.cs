using Microsoft.Extensions.Logging;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Diagnostics;

namespace TokenWatch.Core.Retention;

/// <summary>
/// The clean-up (the <c>CleanUpStorage</c> function, daily): deletes token history, polls and digests past their
/// retention, and the audit of alert actions and the used links' records past theirs, one tenant at a time and at most
/// <see cref="RetentionSettings.MaxDeletesPerRun"/> rows a run, and
/// reports the row count of every table (log and metric), so growth shows in the portal. It runs on a schedule of its
/// own, away from the polls, one tenant at a time, and starts no tenant once <see cref="CycleSettings.PollBudget"/>
/// is spent: it never holds storage or the host against a poll.
/// </summary>
public sealed partial class RetentionService(
    ITenantCatalog catalog,
    IAlertLedgerStore ledgers,
    IRetentionStore store,
    RetentionSettings settings,
    CycleSettings cycle,
    TokenWatchMetrics metrics,
    TimeProvider clock,
    ILogger<RetentionService> logger
)
{
    public async Task<RetentionSummary> RunAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var rows = new Dictionary<StoredRowKind, long>();
        int deleted = 0,
            visited = 0,
            failed = 0;
        var tenants = await catalog.LoadAsync(cancellationToken);
        foreach (var tenant in tenants)
        {
            if (clock.GetElapsedTime(started) >= cycle.PollBudget)
            {
                break;
            }

            visited++;
            try
            {
                deleted += await PruneTenantAsync(tenant.TenantId, deleted, rows, cancellationToken);
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One tenant's storage trouble leaves its rows for the next run; the others are cleaned.
                failed++;
                LogTenantFailed(ex, tenant.TenantId, ex.Message);
            }
        }

        var summary = new RetentionSummary(
            tenants.Count,
            visited,
            failed,
            deleted,
            rows,
            clock.GetElapsedTime(started)
        );
        Report(summary);
        return summary;
    }

    /// <summary>
    /// Prunes one tenant within what is left of the run's delete budget (<paramref name="deletedSoFar"/> spent) and
    /// adds its row counts to <paramref name="rows"/>; returns how many rows it deleted.
    /// </summary>
    private async Task<int> PruneTenantAsync(
        string tenantId,
        int deletedSoFar,
        Dictionary<StoredRowKind, long> rows,
        CancellationToken cancellationToken
    )
    {
        var loaded = await ledgers.LoadAsync(tenantId, cancellationToken);
        var budget = Math.Max(0, settings.MaxDeletesPerRun - deletedSoFar);
        var pruned = await store.PruneAsync(tenantId, Rules(loaded), budget, cancellationToken);
        foreach (var (kind, count) in pruned.Rows)
        {
            rows[kind] = rows.GetValueOrDefault(kind) + count;
        }

        return pruned.Deleted;
    }

    private void Report(RetentionSummary summary)
    {
        foreach (var (kind, count) in summary.Rows)
        {
            metrics.StoredRows(kind.Table, kind.Kind, count);
        }

        LogCleanedUp(
            summary.Deleted,
            summary.VisitedTenants,
            summary.Tenants,
            summary.Duration.TotalSeconds,
            summary.Describe()
        );
    }

    private RetentionRules Rules(StoredLedger loaded)
    {
        var now = clock.GetUtcNow();
        // Polls and history not yet folded into the ledger are the evaluation's to read: nothing after the watermark
        // goes.
        var folded = loaded.Ledger.Watermark?.At ?? DateTimeOffset.MinValue;
        var kept = now.AddDays(-settings.Days);
        var open = loaded
            .Ledger.Tokens.Where(t => t.Value.Alerts.Count > 0)
            .ToDictionary(t => t.Key, t => t.Value.Alerts.Values.Min(a => a.OpenedAt), StringComparer.Ordinal);
        return new RetentionRules(
            Min(kept, folded),
            Min(kept, folded),
            Min(now.AddDays(-settings.SucceededPollDays), folded),
            kept,
            open,
            loaded.Pending?.DigestId,
            now
        )
        {
            AuditBefore = now.AddDays(-settings.AuditDays),
            RunningSilences = loaded
                .Ledger.Snoozes.Where(s => s.Value.Until > now)
                .ToDictionary(s => s.Key, s => s.Value.SetAt, StringComparer.Ordinal),
        };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(
        EventId = 4001,
        EventName = "StorageCleanedUp",
        Level = LogLevel.Information,
        Message = "Storage clean-up: {DeletedRows} rows deleted, {VisitedTenants} of {TenantCount} tenants visited in "
            + "{DurationSeconds:F1} s; rows now: {RowCounts}"
    )]
    private partial void LogCleanedUp(
        int deletedRows,
        int visitedTenants,
        int tenantCount,
        double durationSeconds,
        string rowCounts
    );

    [LoggerMessage(
        EventId = 4002,
        EventName = "TenantCleanUpFailed",
        Level = LogLevel.Warning,
        Message = "Cleaning up the rows of tenant {TenantId} failed; the next clean-up tries again: {Reason}"
    )]
    private partial void LogTenantFailed(Exception exception, string tenantId, string reason);
}
