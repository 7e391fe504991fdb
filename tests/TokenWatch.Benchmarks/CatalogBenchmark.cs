using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Simulator;

namespace TokenWatch.Benchmarks;

/// <summary>
/// What reading the tenant catalog at the start of every poll and evaluation costs: time of one load (the first,
/// then the median of the next ones) and memory (bytes allocated by one load, all threads).
/// </summary>
internal static class CatalogBenchmark
{
    private const int Loads = 5;

    public static async Task RunAsync(
        IReadOnlyList<int> counts,
        TextWriter output,
        TextWriter log,
        CancellationToken cancellationToken
    )
    {
        output.WriteLine();
        output.WriteLine("### Tenant catalog load (Azurite on this machine, the real Tables client)");
        output.WriteLine();
        output.WriteLine("| Tenants | First load | Median of next 5 | Allocated per load |");
        output.WriteLine("|---|---|---|---|");
        foreach (var count in counts)
        {
            log.WriteLine($"  catalog of {count} tenants…");
            await using var azurite = await AzuriteRunner.StartAsync(m => log.WriteLine(m), cancellationToken);
            await using var services = new ServiceCollection()
                .AddLogging()
                .AddTokenWatch(
                    new ConfigurationBuilder()
                        .AddInMemoryCollection(
                            new Dictionary<string, string?>
                            {
                                ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
                                ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
                                ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString,
                            }
                        )
                        .Build()
                )
                .BuildServiceProvider();
            await services.GetRequiredService<TableTenantCatalogStore>().SaveAsync(Rows(count), cancellationToken);
            var catalog = services.GetRequiredService<ITenantCatalog>();

            var first = Stopwatch.StartNew();
            await catalog.LoadAsync(cancellationToken);
            first.Stop();
            var times = new List<double>();
            long allocated = 0;
            for (var i = 0; i < Loads; i++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                await catalog.LoadAsync(cancellationToken);
                times.Add(watch.Elapsed.TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {count:N0} | {first.Elapsed.TotalMilliseconds:N0} ms | "
                        + $"{times.Order().ElementAt(times.Count / 2):N0} ms | {allocated / 1048576.0:N1} MB |"
                )
            );
        }
    }

    /// <summary>
    /// Rows as discovery and an import make them: a name, recipients, a client id, a third with a policy of their own.
    /// </summary>
    private static List<CatalogTenant> Rows(int count) =>
        Enumerable
            .Range(1, count)
            .Select(i => new CatalogTenant
            {
                TenantId = Guid.NewGuid().ToString(),
                DisplayName = $"Customer {i}",
                Recipients = [$"intune-admins@customer{i}.example", $"helpdesk@customer{i}.example"],
                Auth = Infrastructure.Configuration.GraphAuth.FederatedManagedIdentity,
                ClientId = "11111111-2222-4333-8444-555555555555",
                Milestones = i % 3 == 0 ? "90,60,30,7" : null,
                ExpiryWarningDays = i % 3 == 0 ? 45 : null,
                Origin = CatalogTenant.DiscoveryOrigin,
            })
            .ToList();
}
