using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// Per-tenant policy and pause, set with <c>tokenwatch tenants</c> while the app runs and honoured by its next
/// poll and evaluation (the real Tables client, the simulator, a fake clock for the app).
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TenantPolicyTests(AzuriteFixture azurite)
{
    // Tests share one Azurite, whose token state is keyed by tenant id: each test run has ids of its own.
    private readonly string Contoso = Guid.NewGuid().ToString();
    private readonly string Fabrikam = Guid.NewGuid().ToString();

    private static async Task<(TestApp App, CatalogCli Cli)> StartAsync(AzuriteFixture azurite)
    {
        var table = CatalogCli.NewTable();
        var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        return (app, await CatalogCli.ForAsync(app, table));
    }

    private static async Task<IReadOnlyDictionary<string, TenantEvaluation>> CycleAsync(TestApp app)
    {
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        var results = new ConcurrentDictionary<string, TenantEvaluation>();
        await app
            .Services.GetRequiredService<EvaluationService>()
            .RunAsync(e => results[e.TenantId] = e, CancellationToken.None);
        return results;
    }

    [Fact]
    public async Task A_paused_tenant_that_cannot_be_read_is_logged_apart_from_the_failures_ops_are_paged_for()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: 0,
            configure: s => s["TokenWatch:Storage:CatalogTable"] = table,
            services: s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Information))
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var refused = new SimulatedFault(403, SimulatedFault.ODataError("Forbidden", "Application is not authorized"));
        app.Intune.AddTenant(Contoso)
            .OneOfEach(app.Clock.GetUtcNow())
            .AddFault(SimulatedEndpoint.Vpp, refused, times: 10);
        app.Intune.AddTenant(Fabrikam)
            .OneOfEach(app.Clock.GetUtcNow())
            .AddFault(SimulatedEndpoint.Vpp, refused, times: 10);
        Assert.Equal(0, (await cli.RunAsync("tenants", "add", Contoso, "--name", "Contoso", "--paused")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("tenants", "add", Fabrikam, "--name", "Fabrikam")).ExitCode);

        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);

        // The "tenant failing" alert counts TenantPollFailed rows: the paused tenant's are PausedTenantPollFailed.
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        var paged = Assert.Single(logs, r => r.Id.Name == "TenantPollFailed");
        Assert.Contains(Fabrikam, paged.Message);
        var paused = Assert.Single(logs, r => r.Id.Name == "PausedTenantPollFailed");
        Assert.Equal((1011, LogLevel.Information), (paused.Id.Id, paused.Level));
        Assert.Contains(Contoso, paused.Message);
        Assert.Contains("permission-missing", paused.Message);
    }

    [Fact]
    public async Task A_paused_tenant_is_polled_and_not_alerted_and_is_told_once_when_resumed()
    {
        var (app, cli) = await StartAsync(azurite);
        await using var _ = app;
        app.Intune.AddTenant(Contoso).OneOfEach(app.Clock.GetUtcNow()).AdeTokens[0].LastSyncErrorCode = 3;
        Assert.Equal(0, (await cli.RunAsync("tenants", "add", Contoso, "--name", "Contoso", "--paused")).ExitCode);

        var first = await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var second = await CycleAsync(app);
        var stored = await app
            .Services.GetRequiredService<Core.Polling.ITokenStateStore>()
            .LoadAsync(Contoso, CancellationToken.None);
        Assert.Equal(0, (await cli.RunAsync("tenants", "resume", Contoso)).ExitCode);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var resumed = await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var after = await CycleAsync(app);

        Assert.All([first[Contoso], second[Contoso]], e =>
        {
            Assert.True(e.Paused);
            Assert.Null(e.Email);
            Assert.Empty(e.Events);
        });
        Assert.Equal(3, stored.Tokens.Count); // polled all along
        Assert.NotNull(resumed[Contoso].Email);
        var entered = Assert.Single(resumed[Contoso].Events);
        Assert.Equal(
            (AlertEventKind.Entered, Condition.SyncError, HealthStatus.Critical),
            (entered.Kind, entered.Condition, entered.Severity)
        );
        Assert.Empty(after[Contoso].Events);
    }

    [Fact]
    public async Task Each_tenant_is_told_at_its_own_milestones_and_judged_by_its_own_warning_window()
    {
        var (app, cli) = await StartAsync(azurite);
        await using var _ = app;
        foreach (var id in new[] { Contoso, Fabrikam })
        {
            app.Intune.AddTenant(id).OneOfEach(app.Clock.GetUtcNow()).AdeTokens[0].TokenExpirationDateTime = app
                .Clock.GetUtcNow()
                .AddDays(100);
        }

        await cli.RunAsync("tenants", "add", Contoso, "--milestones", "90,45", "--expiry-warning-days", "50");
        await cli.RunAsync("tenants", "add", Fabrikam);
        var milestones = new Dictionary<string, List<int>> { [Contoso] = [], [Fabrikam] = [] };
        var warnings = new Dictionary<string, int?>();

        // Day 0 (100 days left), then 89, 59, 49, 44 and 29 days left.
        foreach (var day in new[] { 0, 11, 41, 51, 56, 71 })
        {
            app.Clock.Advance(TimeSpan.FromDays(day) - (app.Clock.GetUtcNow() - TestApp.Start));
            foreach (var (tenant, result) in await CycleAsync(app))
            {
                milestones[tenant]
                    .AddRange(
                        result.Events.Where(e => e.Kind == AlertEventKind.Milestone).Select(e => e.MilestoneDays!.Value)
                    );
                if (result.Events.Any(e => e.Condition == Condition.Expiring && e.Kind == AlertEventKind.Entered))
                {
                    warnings.TryAdd(tenant, 100 - day);
                }
            }
        }

        Assert.Equal([90, 45], milestones[Contoso]);
        Assert.Equal([60, 30], milestones[Fabrikam]);
        Assert.Equal(49, warnings[Contoso]); // its own 50-day warning window, between its milestones
        Assert.False(warnings.ContainsKey(Fabrikam)); // the global 30 days: told by the 30-day milestone itself
    }
}
