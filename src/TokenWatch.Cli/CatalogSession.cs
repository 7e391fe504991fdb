using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>The services a <c>tokenwatch tenants</c> command works with, opened from the app's configuration.</summary>
internal sealed class CatalogSession(ServiceProvider services) : IAsyncDisposable
{
    /// <summary>Exit code of a command refused for bad input: the plugin UNKNOWN, as for bad configuration.</summary>
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

    /// <summary>
    /// The id of the tenant <paramref name="name"/> names, found as every command finds one (<see
    /// cref="TenantResolver"/>). A name that fits no tenant is taken as an id, so the command can say it is not in
    /// the catalog; a name that fits several is refused with the candidates (null).
    /// </summary>
    public async Task<string?> IdOfAsync(string name, TextWriter stderr, CancellationToken cancellationToken)
    {
        var tenants = await Services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken);
        var matches = TenantResolver.Match(tenants, name);
        return matches.Count switch
        {
            0 => name.Trim(),
            1 => matches[0].TenantId,
            _ => (await TenantResolver.ResolveAsync(matches, name, stderr.WriteLineAsync))?.TenantId,
        };
    }

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
