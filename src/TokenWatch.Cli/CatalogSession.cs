using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>The services a <c>tokenwatch tenants</c> command works with, opened from the app's configuration.</summary>
internal sealed class CatalogSession(ServiceProvider services) : IAsyncDisposable
{
    /// <summary>Exit code of a command refused for bad input: the monitoring-plugin UNKNOWN, as for bad configuration.</summary>
    public const int Refused = (int)HealthStatus.Unknown;

    public ServiceProvider Services { get; } = services;

    public TokenWatchOptions Options => Services.GetRequiredService<IOptions<TokenWatchOptions>>().Value;

    public TableTenantCatalogStore Store => Services.GetRequiredService<TableTenantCatalogStore>();

    /// <summary>Null (with every problem printed) when the configuration does not let TokenWatch start.</summary>
    public static async Task<CatalogSession?> OpenAsync(string? configFile, TextWriter stderr)
    {
        var services = CliSettings.Services(
            CliSettings.Build(configFile, new Dictionary<string, string?>()),
            TokenWatchScope.Full
        );
        if (CliSettings.Validate(services, stderr))
        {
            return new CatalogSession(services);
        }

        await services.DisposeAsync();
        return null;
    }

    /// <summary>The configured tenant with this id, if any: configuration wins over the catalog.</summary>
    public TenantOptions? Configured(string tenantId) =>
        Options.Tenants.FirstOrDefault(t => CatalogTenant.SameId(t.TenantId, tenantId));

    /// <summary>Prints problems one line each, prefixed by the tenant; true when there were none.</summary>
    public static bool Report(IReadOnlyList<string> problems, string prefix, TextWriter stderr)
    {
        foreach (var problem in problems)
        {
            stderr.WriteLine($"{prefix}: {problem}");
        }

        return problems.Count == 0;
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
