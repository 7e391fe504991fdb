using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Unattended;

/// <summary>
/// Issue 16, item 3: a poll knows the function's timeout, starts no tenant once its budget is spent, names the
/// tenants it did not reach, and the next poll reads those first. Graph's slowness is played by the simulator on the
/// test's clock: the budget here is 30 s (a 160 s function timeout less a 100 s tenant timeout and 30 s for writes).
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class PollBudgetTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_poll_out_of_time_starts_no_more_tenants_and_the_next_poll_reads_them_first()
    {
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: 4,
            services: s => s.AddFakeLogging(),
            configure: s =>
            {
                s["TokenWatch:Cycle:MaxParallelism"] = "1";
                s["TokenWatch:Cycle:TenantTimeoutSeconds"] = "100";
                s["TokenWatch:Cycle:FunctionTimeoutSeconds"] = "160";
                s["TokenWatch:Enrollment:TenantTimeoutSeconds"] = "60";
                s["TokenWatch:Graph:RequestTimeoutSeconds"] = "90";
            }
        );
        for (var i = 0; i < 4; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow());
        }

        var poll = app.Services.GetRequiredService<PollService>();
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Slow(TimeSpan.FromSeconds(45)));
        var first = new List<string>();
        var running = poll.RunAsync(t => first.Add(t.Reading.TenantId), CancellationToken.None);
        await app.Tenant(0).WaitForDelayedRequestAsync(TestApp.Patience());
        app.Clock.Advance(TimeSpan.FromSeconds(45));
        var summary = await running.WaitAsync(TestApp.Patience());

        Assert.Equal([app.TenantIds[0]], first);
        Assert.Equal(3, summary.NotReached);
        var notReached = Assert.Single(app.Services.GetFakeLogCollector().GetSnapshot(), r =>
            r.Id.Name == "TenantsNotReached"
        );
        Assert.Contains($"{app.TenantIds[1]}, {app.TenantIds[2]}, {app.TenantIds[3]}", notReached.Message);
        Assert.DoesNotContain(await app.RowsAsync(TableStorage.TokenStateTable, tenant: 1), r =>
            r.RowKey.StartsWith("run|", StringComparison.Ordinal)
        );

        // The next poll (Graph slow again for whoever goes first) reads the three waiting tenants before tenant 0.
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Tenant(1).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Slow(TimeSpan.FromSeconds(10)));
        var second = new List<string>();
        running = poll.RunAsync(t => second.Add(t.Reading.TenantId), CancellationToken.None);
        await app.Tenant(1).WaitForDelayedRequestAsync(TestApp.Patience());
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        summary = await running.WaitAsync(TestApp.Patience());

        Assert.Equal([app.TenantIds[1], app.TenantIds[2], app.TenantIds[3], app.TenantIds[0]], second);
        Assert.Equal(0, summary.NotReached);
    }

    [Fact]
    public async Task A_function_timeout_that_leaves_no_time_to_poll_stops_the_app_at_start()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: s =>
        {
            s["TokenWatch:Cycle:TenantTimeoutSeconds"] = "60";
            s["TokenWatch:Cycle:FunctionTimeoutSeconds"] = "100";
            s["TokenWatch:Enrollment:TenantTimeoutSeconds"] = "30"; // fits: only the poll's budget is at fault
        });

        var problem = Assert.Single(app.Services.ConfigurationProblems());
        Assert.StartsWith("TokenWatch:Cycle:FunctionTimeoutSeconds 100 leaves a poll too little time", problem);
    }
}
