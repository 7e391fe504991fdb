using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// TokenWatch wired exactly as the Functions host wires it (<c>AddTokenWatch</c>: the real Graph client, the real
/// Table stores), against Azurite, a simulated Intune, a fake clock, a log collector and, when given, the fake SendGrid
/// endpoint. Each app gets its own tenant ids, so tests share one Azurite. <c>StartAsync</c> starts empty tenants;
/// <see cref="StartGraphAsync"/> healthy ones, with Graph retries that do not wait.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The Graph bounds of <see cref="StartGraphAsync"/>: tests count retries and reach timeouts.</summary>
    public const int MaxRetries = 3;

    public const int MaxRetryWaitSeconds = 30;
    public const int RequestTimeoutSeconds = 30;
    public const int TenantTimeoutSeconds = 60;

    private readonly Dictionary<string, string?> _settings;
    private readonly LogLevel _logLevel;
    private readonly Action<IServiceCollection>? _extraServices;

    private TestApp(
        SimulatedIntune intune,
        FakeTimeProvider clock,
        Dictionary<string, string?> settings,
        LogLevel logLevel,
        Action<IServiceCollection>? extraServices,
        string storage,
        IReadOnlyList<string> tenantIds
    )
    {
        Intune = intune;
        Clock = clock;
        _settings = settings;
        _logLevel = logLevel;
        _extraServices = extraServices;
        Services = Build(settings, clock, logLevel, extraServices);
        Logs = Services.GetFakeLogCollector();
        StorageConnectionString = storage;
        TenantIds = tenantIds;
    }

    public SimulatedIntune Intune { get; }
    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; private set; }

    /// <summary>The log records: information and up for <see cref="StartGraphAsync"/>, else warnings and up.</summary>
    public FakeLogCollector Logs { get; private set; }

    public string StorageConnectionString { get; }
    public IReadOnlyList<string> TenantIds { get; }

    public PollService Poll => Services.GetRequiredService<PollService>();

    public HealthRules Rules => Services.GetRequiredService<HealthRules>();

    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite,
        int tenants = 1,
        string? sendGridUrl = null,
        string? outbox = null,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null
    ) => StartAsync(azurite.ConnectionString, tenants, sendGridUrl, outbox, configure, services);

    /// <summary>The app on a storage of the test's own (e.g. an Azurite it stops and starts).</summary>
    public static Task<TestApp> StartAsync(
        string storageConnectionString,
        int tenants = 1,
        string? sendGridUrl = null,
        string? outbox = null,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null
    ) =>
        BuildAsync(
            storageConnectionString,
            tenants,
            seeded: false,
            LogLevel.Warning,
            settings =>
            {
                settings["TokenWatch:Email:OutboxPath"] = outbox ?? NewOutboxPath();
                if (sendGridUrl is not null)
                {
                    settings["TokenWatch:Email:SendGridApiKey"] = "SG.test-key-not-secret";
                    settings["TokenWatch:Email:SendGridHost"] = sendGridUrl;
                }

                configure?.Invoke(settings);
            },
            services
        );

    /// <summary>
    /// Several healthy tenants (<see cref="Seeds.OneOfEach"/>) read through Graph with retries that do not wait
    /// (<c>RetryDelaySeconds = 0</c>): that is configuration, not a shortcut, so the retry handler still runs as in
    /// production. Every timeout runs on the fake clock, so nothing here waits on wall-clock time.
    /// </summary>
    public static Task<TestApp> StartGraphAsync(
        AzuriteFixture azurite,
        int tenants = 2,
        Action<Dictionary<string, string?>>? configure = null
    ) =>
        BuildAsync(
            azurite.ConnectionString,
            tenants,
            seeded: true,
            LogLevel.Information,
            settings =>
            {
                settings["TokenWatch:Graph:MaxRetries"] = Invariant(MaxRetries);
                settings["TokenWatch:Graph:RetryDelaySeconds"] = "0";
                settings["TokenWatch:Graph:MaxRetryWaitSeconds"] = Invariant(MaxRetryWaitSeconds);
                settings["TokenWatch:Graph:RequestTimeoutSeconds"] = Invariant(RequestTimeoutSeconds);
                settings["TokenWatch:Cycle:TenantTimeoutSeconds"] = Invariant(TenantTimeoutSeconds);
                settings["TokenWatch:Email:OutboxPath"] = NewOutboxPath();
                configure?.Invoke(settings);
            },
            services: null
        );

    /// <summary>
    /// The app restarted with changed settings on the same storage, tenants and clock, as App Service restarts it
    /// when a setting changes or a Key Vault reference resolves.
    /// </summary>
    public async Task RestartAsync(Action<Dictionary<string, string?>> change)
    {
        await Services.DisposeAsync();
        change(_settings);
        Services = Build(_settings, Clock, _logLevel, _extraServices);
        Logs = Services.GetFakeLogCollector();
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

    /// <summary>One poll of every tenant, as <c>PollTokens</c> runs it; readings in tenant order.</summary>
    public async Task<IReadOnlyList<TenantReading>> PollAsync()
    {
        var readings = new TenantReading?[TenantIds.Count];
        await Poll.RunAsync(t => readings[IndexOf(t.Reading.TenantId)] = t.Reading, CancellationToken.None)
            .WaitAsync(Patience());
        return readings.Select(r => r ?? throw new InvalidOperationException("A tenant was not polled.")).ToList();
    }

    /// <summary>Reads one tenant straight from the Graph reader, without storing anything.</summary>
    public Task<TenantReading> ReadAsync(int tenant) =>
        Services
            .GetRequiredService<ITokenSource>()
            .ReadAsync(new MonitoredTenant(TenantIds[tenant], $"Tenant {tenant + 1}", []), CancellationToken.None)
            .WaitAsync(Patience());

    public Task<StoredTenantState> StoredAsync(int tenant) =>
        Services.GetRequiredService<ITokenStateStore>().LoadAsync(TenantIds[tenant], CancellationToken.None);

    /// <summary>The <c>TenantPollFailed</c> log records (event 1003) of one tenant.</summary>
    public IReadOnlyList<FakeLogRecord> FailureLogs(int tenant) =>
        Logs.GetSnapshot()
            .Where(r => r.Id.Id == 1003 && r.GetStructuredStateValue("TenantId") == TenantIds[tenant])
            .ToList();

    /// <summary>
    /// Waits until each tenant's poll run is stored, i.e. its read is over. A test must know that before it moves
    /// the fake clock past a timeout, or reads that were merely still in flight would time out too.
    /// </summary>
    public async Task WaitUntilStoredAsync(params int[] tenants)
    {
        var patience = Patience();
        foreach (var tenant in tenants)
        {
            while ((await StoredAsync(tenant)).LastPoll is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, patience);
            }
        }
    }

    /// <summary>A bound for waiting on the simulator (never a timing assertion): a hung test fails.</summary>
    public static CancellationToken Patience() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Intune.DisposeAsync();
    }

    private static async Task<TestApp> BuildAsync(
        string storage,
        int tenants,
        bool seeded,
        LogLevel logLevel,
        Action<Dictionary<string, string?>> configure,
        Action<IServiceCollection>? services
    )
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
            ["TokenWatch:Storage:ConnectionString"] = storage,
        };
        for (var i = 0; i < ids.Count; i++)
        {
            var tenant = intune.AddTenant(ids[i]);
            if (seeded)
            {
                tenant.OneOfEach(clock.GetUtcNow());
            }

            settings[$"TokenWatch:Tenants:{i}:TenantId"] = ids[i];
            settings[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Tenant {i + 1}";
        }

        configure(settings);
        return new TestApp(intune, clock, settings, logLevel, services, storage, ids);
    }

    private static ServiceProvider Build(
        Dictionary<string, string?> settings,
        FakeTimeProvider clock,
        LogLevel logLevel,
        Action<IServiceCollection>? services
    )
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(l => l.SetMinimumLevel(logLevel))
            .AddFakeLogging()
            .AddTokenWatch(configuration);
        services?.Invoke(collection);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private int IndexOf(string tenantId) =>
        TenantIds.ToList().FindIndex(id => string.Equals(id, tenantId, StringComparison.OrdinalIgnoreCase));

    private static string NewOutboxPath() =>
        Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString());

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
