using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// A clock that ran far ahead and was corrected, with the real Tables client on Azurite and the real SendGrid client
/// on the fake endpoint: the times it left in the ledger must not silence the reminders that follow.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ClockCorrectionTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    [Fact]
    public async Task A_run_thirty_days_ahead_then_corrected_still_reminds_every_day_and_keeps_no_future_time()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        SkewedClock? clock = null;
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, services: s =>
            s.AddSingleton<TimeProvider>(sp => clock!)
        );
        clock = new SkewedClock(app.Clock);
        var start = app.Clock.GetUtcNow();
        var tenant = app.Tenant().OneOfEach(start);
        tenant.VppTokens[0].State = "invalid";
        var evaluation = app.Services.GetRequiredService<EvaluationService>();

        async Task<IReadOnlyList<AlertEvent>> RunAtAsync(TimeSpan trueTime, TimeSpan offset)
        {
            app.Clock.Advance(start + trueTime - app.Clock.GetUtcNow());
            clock.Offset = offset;
            await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
            var result = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
            Assert.Null(result.Error);
            return result.Events;
        }

        await RunAtAsync(TimeSpan.Zero, TimeSpan.Zero); // the critical alert is told
        await RunAtAsync(TimeSpan.FromHours(1), TimeSpan.FromDays(30)); // a run with the clock 30 days ahead
        var reminders = new List<int>();
        foreach (var hours in new[] { 25, 49, 73 })
        {
            var events = await RunAtAsync(TimeSpan.FromHours(hours), TimeSpan.Zero);
            reminders.Add(events.Count(e => e.Kind == AlertEventKind.Reminder));
        }

        var ledger = (
            await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .LoadAsync(app.TenantIds[0], CancellationToken.None)
        ).Ledger;
        var open = ledger.Tokens.Values.SelectMany(t => t.Alerts.Values).ToList();
        Assert.Equal([1, 1, 1], reminders);
        Assert.NotEmpty(open);
        Assert.All(open, a => Assert.True(a.OpenedAt <= clock.GetUtcNow() && a.NotifiedAt <= clock.GetUtcNow()));
        Assert.Equal(5, sendGrid.Accepted.Count); // entered, the run ahead's reminder, and three after the correction
    }
}
