using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Infrastructure;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// TokenWatch wired exactly as the Functions host wires it (<c>AddTokenWatch</c>), against Azurite, a simulated
/// Intune and, when given, the fake SendGrid endpoint. Each app gets its own tenant ids, so tests share one Azurite.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _extraServices;

    private TestApp(SimulatedIntune intune, FakeTimeProvider clock, Dictionary<string, string?> settings,
        Action<IServiceCollection>? extraServices, string storage, IReadOnlyList<string> tenantIds)
    {
        Intune = intune;
        Clock = clock;
        _settings = settings;
        _extraServices = extraServices;
        Services = Build(settings, clock, extraServices);
        StorageConnectionString = storage;
        TenantIds = tenantIds;
    }

    public SimulatedIntune Intune { get; }
    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; private set; }
    public string StorageConnectionString { get; }
    public IReadOnlyList<string> TenantIds { get; }

    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite, int tenants = 1, string? sendGridUrl = null, string? outbox = null, Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(azurite.ConnectionString, tenants, sendGridUrl, outbox, configure, services);

    /// <summary>The app on a storage of the test's own (e.g. an Azurite it stops and starts).</summary>
    public static async Task<TestApp> StartAsync(
        string storageConnectionString, int tenants = 1, string? sendGridUrl = null, string? outbox = null, Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(Start);
        var intune = await SimulatedIntune.StartAsync(clock);
        var ids = Enumerable.Range(0, tenants).Select(_ => Guid.NewGuid().ToString()).ToList();
        var settings = new Dictionary<string, string?>
        {
            ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
            ["TokenWatch:Graph:Auth"] = "None",
            ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
            ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
            ["TokenWatch:Email:OutboxPath"] = outbox ?? Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString()),
            ["TokenWatch:Storage:ConnectionString"] = storageConnectionString,
        };
        if (sendGridUrl is not null)
        {
            settings["TokenWatch:Email:SendGridApiKey"] = "SG.test-key-not-secret";
            settings["TokenWatch:Email:SendGridHost"] = sendGridUrl;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            intune.AddTenant(ids[i]);
            settings[$"TokenWatch:Tenants:{i}:TenantId"] = ids[i];
            settings[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Tenant {i + 1}";
        }

        configure?.Invoke(settings);
        return new TestApp(intune, clock, settings, services, storageConnectionString, ids);
    }

    /// <summary>
    /// The app restarted with changed settings on the same storage, tenants and clock, as App Service restarts it
    /// when a setting changes or a Key Vault reference resolves.
    /// </summary>
    public async Task RestartAsync(Action<Dictionary<string, string?>> change)
    {
        await Services.DisposeAsync();
        change(_settings);
        Services = Build(_settings, Clock, _extraServices);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, FakeTimeProvider clock, Action<IServiceCollection>? services)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTokenWatch(configuration);
        services?.Invoke(collection);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public SimulatedTenant Tenant(int index = 0) => Intune.Tenant(TenantIds[index]);

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>Rows of a TokenWatch table for one tenant, read straight from storage.</summary>
    public async Task<List<TableEntity>> RowsAsync(string table, int tenant = 0)
    {
        var client = new TableClient(StorageConnectionString, table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == TenantIds[tenant]))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Intune.DisposeAsync();
    }
}
