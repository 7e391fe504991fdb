using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>The one tenant an in-memory evaluation walks.</summary>
internal sealed class SingleTenantCatalog(MonitoredTenant tenant) : ITenantCatalog
{
    public Task<IReadOnlyList<MonitoredTenant>> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MonitoredTenant>>([tenant]);
}
