using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// The tenants to watch: read again at the start of every poll and evaluation, so changes need no restart.
/// </summary>
public interface ITenantCatalog
{
    Task<IReadOnlyList<MonitoredTenant>> LoadAsync(CancellationToken cancellationToken);
}
