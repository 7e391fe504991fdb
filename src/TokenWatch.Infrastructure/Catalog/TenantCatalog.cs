using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// The tenants to watch: those configured in app settings (<c>TokenWatch:Tenants</c>), then those of the tenant
/// catalog table, read again on every call. A tenant in both is watched once, as configured: the deployment's
/// settings hold its credential and cannot be overridden from the table. When the table cannot be read, the
/// configured tenants are still watched and the failure is logged; the next cycle reads the catalog again.
/// </summary>
public sealed partial class TenantCatalog(
    IOptions<TokenWatchOptions> options,
    TableTenantCatalogStore store,
    ILogger<TenantCatalog> logger
) : ITenantCatalog
{
    public async Task<IReadOnlyList<MonitoredTenant>> LoadAsync(CancellationToken cancellationToken)
    {
        var configured = Configured(options.Value);
        if (!HasStorage(options.Value))
        {
            return configured;
        }

        IReadOnlyList<CatalogTenant> rows;
        try
        {
            rows = await store.LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCatalogUnreadable(ex, configured.Count, ex.Message);
            return configured;
        }

        var ids = configured.Select(t => CatalogTenant.Key(t.TenantId)).ToHashSet(StringComparer.Ordinal);
        var tenants = new List<MonitoredTenant>(configured.Count + rows.Count);
        tenants.AddRange(configured);
        foreach (var row in rows)
        {
            if (!ids.Add(CatalogTenant.Key(row.TenantId)))
            {
                LogShadowed(row.TenantId);
                continue;
            }

            tenants.Add(TenantPolicies.Watched(row, options.Value));
        }

        return tenants;
    }

    /// <summary>
    /// The tenants of <c>TokenWatch:Tenants</c>, each with its (critical) recipients or the global default.
    /// </summary>
    public static IReadOnlyList<MonitoredTenant> Configured(TokenWatchOptions options) =>
        options
            .Tenants.Select(t => new MonitoredTenant(
                t.TenantId.Trim(),
                string.IsNullOrWhiteSpace(t.DisplayName) ? t.TenantId.Trim() : t.DisplayName.Trim(),
                t.Recipients.Count > 0 ? t.Recipients : options.Email.Recipients
            )
            {
                CriticalRecipients =
                    t.CriticalRecipients.Count > 0 ? t.CriticalRecipients : options.Email.CriticalRecipients,
                Routes = TenantRoutes.Of(t, options.Routing),
                Cloud = t.Cloud ?? options.Graph.Cloud,
            })
            .ToList();

    public static bool HasStorage(TokenWatchOptions options) =>
        !string.IsNullOrWhiteSpace(options.Storage.ConnectionString)
        || !string.IsNullOrWhiteSpace(options.Storage.TableServiceUri);

    [LoggerMessage(
        EventId = 6001,
        EventName = "TenantCatalogUnreadable",
        Level = LogLevel.Error,
        Message = "The tenant catalog could not be read; this cycle watches only the {ConfiguredCount} "
            + "configured tenants: {Reason}"
    )]
    private partial void LogCatalogUnreadable(Exception exception, int configuredCount, string reason);

    [LoggerMessage(
        EventId = 6002,
        EventName = "CatalogTenantShadowed",
        Level = LogLevel.Warning,
        Message = "Tenant {TenantId} is both configured and in the tenant catalog; it is watched as configured, "
            + "and its catalog row is ignored"
    )]
    private partial void LogShadowed(string tenantId);
}
