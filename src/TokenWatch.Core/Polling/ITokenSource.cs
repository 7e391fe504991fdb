using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Polling;

/// <summary>Reads a tenant's Apple connectors. Failures are returned per endpoint, never thrown, so that one
/// tenant's trouble cannot stop another's poll.</summary>
public interface ITokenSource
{
    Task<TenantReading> ReadAsync(MonitoredTenant tenant, CancellationToken cancellationToken);
}
