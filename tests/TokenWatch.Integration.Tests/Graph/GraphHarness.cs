using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// The real <c>AddTokenWatch</c> container (real Graph client, real Table store on Azurite) against a simulated
/// Intune with several healthy tenants, a fake clock and a log collector. Retries do not wait
/// (<c>RetryDelaySeconds = 0</c>): that is configuration, not a shortcut, so the retry handler still runs as in
/// production. Every timeout runs on the fake clock, so nothing here waits on wall-clock time.
/// </summary>
public sealed class GraphHarness : IAsyncDisposable
{
    public const int MaxRetries = 3;
    public const int MaxRetryWaitSeconds = 30;
    public const int RequestTimeoutSeconds = 30;
    public const int TenantTimeoutSeconds = 60;

    private GraphHarness(SimulatedIntune intune, FakeTimeProvider clock, ServiceProvider services, FakeLogCollector logs, IReadOnlyList<string> tenantIds)
    {
        Intune = intune;
        Clock = clock;
        Services = services;
        Logs = logs;
        TenantIds = tenantIds;
    }

    public SimulatedIntune Intune { get; }
    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; }
    public FakeLogCollector Logs { get; }
    public IReadOnlyList<string> TenantIds { get; }

    public static async Task<GraphHarness> StartAsync(AzuriteFixture azurite, int tenants = 2, Action<Dictionary<string, string?>>? configure = null)
    {
        var clock = new FakeTimeProvider(TestApp.Start);
        var intune = await SimulatedIntune.StartAsync(clock);
        var ids = Enumerable.Range(0, tenants).Select(_ => Guid.NewGuid().ToString()).ToList();
        var settings = new Dictionary<string, string?>
        {
            ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
            ["TokenWatch:Graph:Auth"] = "None",
            ["TokenWatch:Graph:MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TokenWatch:Graph:RetryDelaySeconds"] = "0",
            ["TokenWatch:Graph:MaxRetryWaitSeconds"] = MaxRetryWaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TokenWatch:Graph:RequestTimeoutSeconds"] = RequestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TokenWatch:Cycle:TenantTimeoutSeconds"] = TenantTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
            ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
            ["TokenWatch:Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString()),
            ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString,
        };
        for (var i = 0; i < ids.Count; i++)
        {
            Seed(intune.AddTenant(ids[i]), clock.GetUtcNow());
            settings[$"TokenWatch:Tenants:{i}:TenantId"] = ids[i];
            settings[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Tenant {i + 1}";
        }

        configure?.Invoke(settings);
        var logs = new FakeLogCollector();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Information).AddProvider(new FakeLoggerProvider(logs)))
            .AddTokenWatch(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new GraphHarness(intune, clock, services, logs, ids);
    }

    /// <summary>A healthy tenant: one token of each kind, far from expiry, syncing.</summary>
    public static void Seed(SimulatedTenant tenant, DateTimeOffset now)
    {
        tenant.AdeTokens.Add(new SimulatedAdeToken
        {
            Id = "ade-1", TokenName = "Main ABM", AppleIdentifier = "abm@contoso.example", TokenExpirationDateTime = now.AddDays(200),
        });
        tenant.VppTokens.Add(new SimulatedVppToken
        {
            Id = "vpp-1", DisplayName = "Apps and Books", AppleId = "vpp@contoso.example", ExpirationDateTime = now.AddDays(200),
        });
        tenant.ApnsCertificate = new SimulatedApnsCertificate { AppleIdentifier = "apns@contoso.example", ExpirationDateTime = now.AddDays(300) };
    }

    public SimulatedTenant Tenant(int index) => Intune.Tenant(TenantIds[index]);

    public PollService Poll => Services.GetRequiredService<PollService>();

    public HealthRules Rules => Services.GetRequiredService<HealthRules>();

    /// <summary>One poll of every tenant, as the <c>PollTokens</c> function runs it; readings in tenant order.</summary>
    public async Task<IReadOnlyList<TenantReading>> PollAsync()
    {
        var readings = new TenantReading?[TenantIds.Count];
        await Poll.RunAsync(t => readings[IndexOf(t.Reading.TenantId)] = t.Reading, CancellationToken.None).WaitAsync(Patience());
        return readings.Select(r => r ?? throw new InvalidOperationException("A tenant was not polled.")).ToList();
    }

    private int IndexOf(string tenantId) => TenantIds.ToList().FindIndex(id => string.Equals(id, tenantId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads one tenant straight from the Graph reader, without storing anything.</summary>
    public Task<TenantReading> ReadAsync(int tenant) =>
        Services.GetRequiredService<ITokenSource>().ReadAsync(new MonitoredTenant(TenantIds[tenant], $"Tenant {tenant + 1}", []), CancellationToken.None)
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

    /// <summary>A bound for waiting on the simulator (never a timing assertion): a hung test fails instead of hanging CI.</summary>
    public static CancellationToken Patience() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Intune.DisposeAsync();
    }
}

/// <summary>Assertions on what an admin would be told about a tenant.</summary>
internal static class Expect
{
    /// <summary>The tenant was read normally: its three healthy tokens, no failure.</summary>
    public static void ReadNormally(TenantReading reading, HealthRules rules, DateTimeOffset now)
    {
        Assert.Empty(reading.Failures);
        Assert.Equal(["ade:ade-1", "apns:apns", "vpp:vpp-1"], reading.Tokens.Select(t => t.Key).Order());
        Assert.All(reading.Tokens, t => Assert.Equal(HealthStatus.Ok, rules.Evaluate(t, now).Status));
    }

    /// <summary>Only <paramref name="kind"/> failed, with <paramref name="code"/>; the tenant's other endpoints were read normally.</summary>
    public static PollFailure OnlyFailed(TenantReading reading, TokenKind kind, string code)
    {
        var failure = Assert.Single(reading.Failures);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(code, failure.Code);
        var others = Enum.GetValues<TokenKind>().Where(k => k != kind).Select(k => k.ToSlug()).ToHashSet();
        Assert.Equal(others.Order(), reading.Tokens.Select(t => t.Kind.ToSlug()).Order());
        Assert.DoesNotContain(reading.Tokens, t => t.Kind == kind);
        return failure;
    }
}
