using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>The tenants to watch, from configuration.</summary>
public interface ITenantCatalog
{
    IReadOnlyList<MonitoredTenant> Tenants { get; }
}
