using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// A poll of a tenant with many tokens is written in several table transactions (100 actions each). Storage that
/// goes away between two of them must not cost an alert: a school with 60 VPP locations changes every token twice a
/// day (Intune's sync times), so its polls always take two transactions. The network is cut by a proxy in front of
/// Azurite exactly after the first transaction of the poll.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class InterruptedPollTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private const int Locations = 60;

    [Fact]
    public async Task A_poll_cut_between_its_transactions_loses_no_change()
    {
        await using var proxy = await StorageProxy.StartAsync(azurite.ConnectionString);
        await using var app = await TestApp.StartAsync(proxy.ConnectionString, services: s => s.AddFakeLogging());
        var tenant = app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        for (var i = 2; i <= Locations; i++)
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
        Assert.Empty(Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None)).Events);

        // Four hours later Intune's noon sync moved every ADE and VPP token, and every VPP location went invalid.
        app.Clock.Advance(TimeSpan.FromHours(4));
        tenant.VppTokens.ForEach(t => t.State = "invalid");
        proxy.CutAfterBatches(1);
        await poll.RunAsync(CancellationToken.None);
        var storeFailed = app.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Name == "TenantStoreFailed");
        proxy.Heal();

        app.Clock.Advance(TimeSpan.FromHours(1));
        await poll.RunAsync(CancellationToken.None);
        var told = Assert
            .Single(await evaluation.EvaluateEachAsync(CancellationToken.None))
            .Events.Where(e => e.Kind == AlertEventKind.Entered && e.Condition == Condition.InvalidState)
            .Select(e => e.Token!.Id)
            .ToHashSet();

        report.Line(
            output,
            $"poll cut between its transactions: {Locations} VPP locations turned invalid, {proxy.Dropped} "
                + "transaction attempts dropped, "
                + $"{storeFailed} tenant write failed and logged; alerts expected {Locations}, told "
                + $"{told.Count}, lost {Locations - told.Count}"
        );

        Assert.Equal(1, storeFailed);
        Assert.True(proxy.Dropped > 0);
        Assert.Equal(Locations, told.Count);
    }
}
