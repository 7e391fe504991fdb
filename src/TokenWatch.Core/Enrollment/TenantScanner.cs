using Microsoft.Extensions.Logging;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// One tenant's enrollment scan: Intune's connector verdicts (one request), then each ADE token the hourly poll
/// stored, within the tenant's own time budget. A token with no synced devices is stored as an empty scan without a
/// request. Graph reads run on the tenant's budget; the writes on the run's token, so a scan that ran out of time
/// still records that it did.
/// </summary>
internal sealed class TenantScanner(
    ITokenStateStore tokens,
    IEnrollmentSource source,
    IEnrollmentStore store,
    EnrollmentSettings settings,
    TimeProvider clock,
    ILogger logger
)
{
    /// <summary>The tenant's scan; how many tokens were scanned, failed, and devices counted.</summary>
    public async Task<(int Scanned, int Failed, long Devices)> ScanAsync(
        MonitoredTenant tenant,
        CancellationToken cancellationToken
    )
    {
        using var budget = new CancellationTokenSource(settings.TenantTimeout, clock);
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var baseline = await tokens.LoadBaselineAsync(tenant.TenantId, cancellationToken);
        await ConnectorsAsync(tenant, reads.Token, cancellationToken);
        var (scanned, failed, devices) = (0, 0, 0L);
        foreach (
            var token in baseline.Tokens.Where(t => t.Kind == TokenKind.Ade).OrderBy(t => t.Id, StringComparer.Ordinal)
        )
        {
            var outcome =
                token.SyncedDeviceCount == 0
                    ? new ScanOutcome<EnrollmentScan>(Empty(tenant.TenantId, token.Id), null)
                    : await source.ScanAsync(tenant, token, reads.Token);
            if (outcome.Value is { } scan)
            {
                await store.SaveScanAsync(scan, cancellationToken);
                Logged(scan);
                (scanned, devices) = (scanned + 1, devices + scan.Devices);
                continue;
            }

            var failure = outcome.Failure!;
            EnrollmentTrace.TokenFailed(logger, tenant.TenantId, token.Id, failure.Code, failure.Message);
            await store.SaveScanFailureAsync(tenant.TenantId, token.Id, failure, cancellationToken);
            failed++;
        }

        return (scanned, failed, devices);
    }

    /// <summary>A complete scan's figures, one structured row per token for the workbook; never a serial.</summary>
    private void Logged(EnrollmentScan scan) =>
        EnrollmentTrace.TokenScanned(
            logger,
            scan.TenantId,
            scan.TokenId,
            scan.Devices,
            scan.Count(EnrollmentStates.Failed),
            scan.Count(EnrollmentStates.Blocked),
            scan.Unassigned,
            scan.WithoutProfile
        );

    private async Task ConnectorsAsync(MonitoredTenant tenant, CancellationToken reads, CancellationToken writes)
    {
        var readAt = clock.GetUtcNow();
        var outcome = await source.ReadConnectorsAsync(tenant, reads);
        if (outcome.Value is { } verdicts)
        {
            await store.SaveConnectorsAsync(tenant.TenantId, readAt, verdicts, writes);
            return;
        }

        var failure = outcome.Failure!;
        EnrollmentTrace.ConnectorsFailed(logger, tenant.TenantId, failure.Code, failure.Message);
        await store.SaveConnectorFailureAsync(tenant.TenantId, failure, writes);
    }

    /// <summary>
    /// A token Graph says has no synced devices: nothing to read, and no old problem to keep showing.
    /// </summary>
    private EnrollmentScan Empty(string tenantId, string tokenId) =>
        new EnrollmentTally(tenantId, tokenId, clock.GetUtcNow(), settings.UnassignedAfter).Finish(
            new Dictionary<string, bool>()
        );
}
