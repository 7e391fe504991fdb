using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// The enrollment scan of every tenant (the <c>ScanEnrollment</c> function, default every 6 hours): each tenant on
/// its own time budget (<see cref="EnrollmentSettings.TenantTimeoutSeconds"/>), apart from the hourly poll and its
/// per-tenant timeout. One tenant's failure, whatever it is, never stops another's. Once the function's time is
/// nearly spent no tenant is started; those keep their last scan until the next run.
/// </summary>
public sealed class EnrollmentScanService(
    ITenantCatalog catalog,
    ITokenStateStore tokens,
    IEnrollmentSource source,
    IEnrollmentStore store,
    EnrollmentSettings settings,
    CycleSettings cycle,
    TimeProvider clock,
    ILogger<EnrollmentScanService> logger
)
{
    private readonly TenantScanner _scanner = new(tokens, source, store, settings, clock, logger);

    public async Task<EnrollmentScanSummary> RunAsync(CancellationToken cancellationToken)
    {
        var tenants = await catalog.LoadAsync(cancellationToken);
        var started = clock.GetTimestamp();
        var budget =
            TimeSpan.FromSeconds(cycle.FunctionTimeoutSeconds) - settings.TenantTimeout - CycleSettings.WriteReserve;
        var (scanned, failed, tenantsFailed, notReached, devices) = (0, 0, 0, 0, 0L);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.MaxParallelism,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(tenants, options, async (tenant, ct) =>
        {
            if (clock.GetElapsedTime(started) >= budget)
            {
                Interlocked.Increment(ref notReached);
                return;
            }

            if (await ScanTenantAsync(tenant, ct) is not { } result)
            {
                Interlocked.Increment(ref tenantsFailed);
                return;
            }

            Interlocked.Add(ref scanned, result.Scanned);
            Interlocked.Add(ref failed, result.Failed);
            Interlocked.Add(ref devices, result.Devices);
        });
        if (notReached > 0)
        {
            EnrollmentTrace.NotReached(logger, notReached);
        }

        var duration = clock.GetElapsedTime(started).TotalSeconds;
        EnrollmentTrace.Completed(logger, tenants.Count, scanned, failed, devices, duration);
        return new EnrollmentScanSummary(tenants.Count, scanned, failed, tenantsFailed, notReached, devices);
    }

    /// <summary>
    /// One tenant's scan; null when it could not be run or stored (logged), which stops no other tenant.
    /// </summary>
    private async Task<(int Scanned, int Failed, long Devices)?> ScanTenantAsync(
        MonitoredTenant tenant,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await _scanner.ScanAsync(tenant, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            EnrollmentTrace.TenantFailed(logger, ex, tenant.TenantId, ex.Message);
            return null;
        }
    }
}
