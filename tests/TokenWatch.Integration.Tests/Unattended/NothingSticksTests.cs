using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Unattended;

/// <summary>
/// Issue 16, item 2: nothing a fault leaves behind holds a tenant or a worker for good: the marker of a poll that
/// died between its transactions goes, an evaluation that hangs gives its tenant up after the tenant timeout, and a
/// tenant Graph throttles for long gives its worker up and is read at the end of the poll.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class NothingSticksTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_marker_of_a_poll_that_died_between_its_transactions_is_removed_once_the_evaluation_passed_it()
    {
        await using var proxy = await StorageProxy.StartAsync(azurite.ConnectionString);
        await using var app = await TestApp.StartAsync(proxy.ConnectionString);
        var tenant = app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        for (var i = 2; i <= 60; i++)
        {
            tenant.VppTokens.Add(
                new SimulatedVppToken
                {
                    Id = $"vpp-{i}",
                    DisplayName = $"School {i}",
                    ExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
                }
            );
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        await poll.RunAsync(CancellationToken.None);
        await evaluation.RunAsync(CancellationToken.None);

        app.Clock.Advance(TimeSpan.FromHours(1));
        tenant.VppTokens.ForEach(t => t.State = "invalid");
        proxy.CutAfterBatches(1);
        await poll.RunAsync(CancellationToken.None);
        proxy.Heal();
        Assert.Single(await MarkersAsync(app));

        // The next poll and evaluation fold the lost changes in; the one after passes the marker and removes it.
        var told = 0;
        for (var hour = 0; hour < 2; hour++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await poll.RunAsync(CancellationToken.None);
            var results = await evaluation.EvaluateEachAsync(CancellationToken.None);
            Assert.All(results, r => Assert.Null(r.Error));
            told += results.Sum(r => r.Events.Count(e => e.Kind == AlertEventKind.Entered));
        }

        Assert.Equal(60, told);
        Assert.Empty(await MarkersAsync(app));
    }

    [Fact]
    public async Task A_hung_evaluation_gives_its_tenant_up_at_the_tenant_timeout_and_the_digest_goes_out_later_once()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 2, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Cycle:MaxParallelism"] = "1";
            s["TokenWatch:Cycle:TenantTimeoutSeconds"] = "5";
            s["TokenWatch:Email:SendTimeoutSeconds"] = "2"; // one send fits inside the tenant's time, as required
        });
        app.Tenant(0).OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        app.Tenant(1).OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();

        sendGrid.Respond(FakeSendGrid.Hang);
        var running = evaluation.EvaluateEachAsync(CancellationToken.None);
        await sendGrid.WaitForHangAsync(TestApp.Patience());
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var results = await running.WaitAsync(TestApp.Patience());

        var hung = Assert.Single(results, r => r.Error is not null);
        Assert.Equal("Evaluating the tenant took longer than 5 s; the next evaluation takes it up.", hung.Error);
        Assert.Single(results, r => r.Email is not null);
        Assert.Single(sendGrid.Accepted);

        // The hung send may have reached SendGrid: its digest waits out the lease, then goes once.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await evaluation.RunAsync(CancellationToken.None);
        await evaluation.RunAsync(CancellationToken.None);
        Assert.Equal(2, sendGrid.Accepted.Count);
        Assert.Equal(2, sendGrid.Accepted.Select(m => m.CustomArgs["tenant"]).Distinct().Count());
    }

    [Fact]
    public async Task A_tenant_throttled_past_the_retry_wait_gives_its_worker_up_and_is_read_at_the_end_of_the_poll()
    {
        await using var app = await TestApp.StartAsync(azurite, tenants: 3, configure: s =>
        {
            s["TokenWatch:Cycle:MaxParallelism"] = "1";
            s["TokenWatch:Graph:MaxRetryWaitSeconds"] = "30";
        });
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow());
        }

        app.Tenant(0).AddFault(SimulatedEndpoint.Vpp, SimulatedFault.Throttled("600"));
        var order = new List<string>();
        var readings = new List<Core.Polling.TenantReading>();
        var summary = await app
            .Services.GetRequiredService<PollService>()
            .RunAsync(
                t =>
                {
                    order.Add(t.Reading.TenantId);
                    readings.Add(t.Reading);
                },
                CancellationToken.None
            )
            .WaitAsync(TestApp.Patience());

        Assert.Equal([app.TenantIds[1], app.TenantIds[2], app.TenantIds[0]], order);
        Assert.Equal(1, summary.Deferred);
        Assert.All(readings, r => Assert.Empty(r.Failures));
        Assert.Equal(2, app.Tenant(0).RequestCount(SimulatedEndpoint.Vpp));
    }

    private static async Task<List<string>> MarkersAsync(TestApp app) =>
        (await app.RowsAsync(TableStorage.TokenStateTable))
            .Select(r => r.RowKey)
            .Where(k => k.StartsWith("run|!", StringComparison.Ordinal))
            .ToList();
}
