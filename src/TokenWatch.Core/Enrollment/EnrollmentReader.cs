using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// An enrollment scan of one tenant as <c>check</c> runs it: read now and kept in memory, stored nowhere. Intune's
/// connector verdicts (one request), then each ADE token just read; a token with no synced devices costs no request.
/// A token whose scan fails is unknown with the cause, never healthy.
/// </summary>
public sealed class EnrollmentReader(IEnrollmentSource source, EnrollmentSettings settings, TimeProvider clock)
{
    public async Task<TenantEnrollment> ReadAsync(
        MonitoredTenant tenant,
        IReadOnlyList<TokenObservation> tokens,
        CancellationToken cancellationToken
    )
    {
        using var budget = new CancellationTokenSource(settings.TenantTimeout, clock);
        using var reads = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var readAt = clock.GetUtcNow();
        var connectors = await source.ReadConnectorsAsync(tenant, reads.Token);
        var scans = new List<TokenEnrollment>();
        foreach (var token in tokens.Where(t => t.Kind == TokenKind.Ade).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var outcome =
                token.SyncedDeviceCount == 0
                    ? new ScanOutcome<EnrollmentScan>(Empty(tenant.TenantId, token.Id), null)
                    : await source.ScanAsync(tenant, token, reads.Token);
            scans.Add(new TokenEnrollment(tenant.TenantId, token.Id, outcome.Value, outcome.Failure));
        }

        return new TenantEnrollment(
            tenant.TenantId,
            scans,
            new TenantConnectors(
                tenant.TenantId,
                connectors.Value is null ? null : readAt,
                connectors.Value ?? [],
                connectors.Failure
            )
        );
    }

    private EnrollmentScan Empty(string tenantId, string tokenId) =>
        new EnrollmentTally(tenantId, tokenId, clock.GetUtcNow(), settings.UnassignedAfter).Finish(
            new Dictionary<string, bool>()
        );
}
