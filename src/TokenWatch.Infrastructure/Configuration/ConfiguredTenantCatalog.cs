using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The tenants from <c>TokenWatch:Tenants</c>, each with its (critical) recipients and channels or the global default.
/// </summary>
public sealed class ConfiguredTenantCatalog(IOptions<TokenWatchOptions> options) : ITenantCatalog
{
    private readonly Lazy<IReadOnlyList<MonitoredTenant>> _tenants = new(() =>
        options.Value.Tenants
            .Select(t => new MonitoredTenant(
                t.TenantId.Trim(),
                string.IsNullOrWhiteSpace(t.DisplayName) ? t.TenantId.Trim() : t.DisplayName.Trim(),
                t.Recipients.Count > 0 ? t.Recipients : options.Value.Email.Recipients)
            {
                CriticalRecipients = t.CriticalRecipients.Count > 0 ? t.CriticalRecipients : options.Value.Email.CriticalRecipients,
                Routes = TenantRoutes.Of(t, options.Value.Routing),
            })
            .ToList());

    public IReadOnlyList<MonitoredTenant> Tenants => _tenants.Value;
}
