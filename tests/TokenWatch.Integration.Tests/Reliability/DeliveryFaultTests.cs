using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Delivery when the world misbehaves, with the real Tables client on Azurite and the real SendGrid client on the
/// fake endpoint: SendGrid down for three evaluations while new alerts keep coming, and TokenWatch's clock jumping
/// backwards and forwards. Racing evaluators and a crash between send and mark are in DeliveryTests.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class DeliveryFaultTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private static readonly TimerInfo Timer = new();

    private static string DigestIdOf(ReceivedMail mail) => mail.CustomArgs["digest_id"];

    /// <summary>What reached admins: each accepted email's events, read from the digest it was sent for.</summary>
    private static async Task<List<(string Tenant, string DigestId, IReadOnlyList<AlertEvent> Events)>> DeliveredAsync(
        TestApp app,
        FakeSendGrid sendGrid
    )
    {
        var store = app.Services.GetRequiredService<TableAlertLedgerStore>();
        var delivered = new List<(string, string, IReadOnlyList<AlertEvent>)>();
        foreach (var mail in sendGrid.Accepted)
        {
            var tenant = mail.CustomArgs["tenant"];
            var digest = (await store.ReadOutboxAsync(tenant, DateTimeOffset.MinValue, CancellationToken.None)).Single(
                d => d.DigestId == DigestIdOf(mail)
            );
            delivered.Add((tenant, digest.DigestId, digest.Events));
        }

        return delivered;
    }

    [Theory]
    [InlineData("unreachable", FakeSendGrid.Unreachable)]
    [InlineData("503", 503)]
    [InlineData("429", 429)]
    [InlineData("401, a refused key", 401)]
    [InlineData("403, a key without Mail Send", 403)]
    public async Task SendGrid_down_for_three_evaluations_delivers_every_alert_once_when_it_is_back(
        string outage,
        int status
    )
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 3, sendGridUrl: sendGrid.Url);
        sendGrid.Outage = status;

        var outcome = await ThreeBadEvaluationsThenGoodAsync(app, sendGrid, () =>
        {
            sendGrid.Outage = null;
            return Task.CompletedTask;
        });

        report.Line(output, $"sendgrid down ({outage}) for 3 evaluations: {outcome}");
        Assert.Equal(8, outcome.Refused); // 2, then 3, then 3 tenants with a digest to send
        AssertEveryAlertDeliveredOnce(outcome);
        var tenant2 = sendGrid.Accepted.Single(m => m.CustomArgs["tenant"] == app.TenantIds[2]);
        Assert.Contains("Apps and Books", tenant2.Text);
        Assert.Contains("expires", tenant2.Text);
        await AssertNothingPendingAsync(app);
    }

    /// <summary>
    /// The first deployment: the Key Vault reference cannot resolve yet (secret not set, role still propagating), so
    /// the app sees the literal reference. Nothing is sent with it, nothing is counted as told; once the platform
    /// resolves the reference (it restarts the app with the key), every alert goes out once.
    /// </summary>
    [Fact]
    public async Task A_key_that_is_an_unresolved_Key_Vault_reference_delivers_every_alert_once_when_it_resolves()
    {
        const string unresolved = "@Microsoft.KeyVault(VaultName=kv-tw-test;SecretName=SendGridApiKey)";
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 3, sendGridUrl: sendGrid.Url, configure: s =>
            s["TokenWatch:Email:SendGridApiKey"] = unresolved
        );
        var key = "";

        var outcome = await ThreeBadEvaluationsThenGoodAsync(app, sendGrid, () =>
            app.RestartAsync(s => key = s["TokenWatch:Email:SendGridApiKey"] = "SG.resolved-test-key")
        );

        report.Line(output, $"unresolved Key Vault reference for 3 evaluations: {outcome}");
        Assert.Equal(0, outcome.Refused); // the reference is never sent to SendGrid as a key
        AssertEveryAlertDeliveredOnce(outcome);
        Assert.All(sendGrid.Requests, r => Assert.Equal("Bearer " + key, r.Authorization));
        await AssertNothingPendingAsync(app);
    }

    private sealed record OutageOutcome(
        IReadOnlyList<string> Expected,
        IReadOnlyList<string> Sent,
        int Refused,
        int Accepted
    )
    {
        public override string ToString() =>
            $"{Refused} sends refused, alerts expected {Expected.Count}, delivered {Sent.Distinct().Count()}, "
            + $"duplicated {Sent.Count - Sent.Distinct().Count()}, lost {Expected.Except(Sent).Count()}, emails "
            + $"after it {Accepted}";
    }

    /// <summary>
    /// Three hourly cycles in which delivery fails while new alerts keep coming (6 over 3 tenants), then
    /// <paramref name="repair"/>, then two cycles: what was decided, and what reached admins.
    /// </summary>
    private static async Task<OutageOutcome> ThreeBadEvaluationsThenGoodAsync(
        TestApp app,
        FakeSendGrid sendGrid,
        Func<Task> repair
    )
    {
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(now);
        }

        app.Tenant(0).VppTokens[0].State = "invalid";
        app.Tenant(1).AdeTokens[0].LastSyncErrorCode = 3;
        var decided = new List<(string Tenant, AlertEvent Event)>();
        var broken = true;

        async Task CycleAsync()
        {
            await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
            var evaluation = app.Services.GetRequiredService<EvaluationService>();
            foreach (var result in await evaluation.EvaluateEachAsync(CancellationToken.None))
            {
                decided.AddRange(result.Events.Select(e => (result.TenantId, e)));
                if (broken)
                {
                    Assert.True(result.Email is null, "an email went out while delivery was broken");
                }
                else
                {
                    Assert.Null(result.Error);
                }
            }

            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        await CycleAsync(); // tenant 1: VPP invalid; tenant 2: ADE sync error
        app.Tenant(2).VppTokens[0].State = "invalid";
        app.Tenant(0).AdeTokens[0].LastSyncErrorCode = 3;
        await CycleAsync();
        app.Tenant(1).ApnsCertificate!.CertificateUploadStatus = "failed";
        app.Tenant(1).ApnsCertificate!.CertificateUploadFailureReason = "The certificate was not uploaded.";
        app.Tenant(2).AdeTokens[0].TokenExpirationDateTime = app.Clock.GetUtcNow().AddDays(25);
        await CycleAsync();
        var refused = sendGrid.Requests.Count;
        await repair();
        broken = false;
        await CycleAsync();
        await CycleAsync(); // nothing new: nothing sent twice

        var delivered = await DeliveredAsync(app, sendGrid);
        return new OutageOutcome(
            decided.Select(d => EventIdentity.Of(d.Tenant, d.Event)).Order().ToList(),
            delivered.SelectMany(d => d.Events.Select(e => EventIdentity.Of(d.Tenant, e))).ToList(),
            refused,
            sendGrid.Accepted.Count
        );
    }

    private static void AssertEveryAlertDeliveredOnce(OutageOutcome outcome)
    {
        Assert.Equal(6, outcome.Expected.Count); // 2 + 2 + 1 entered, and a 30-day milestone
        Assert.Equal(outcome.Expected, outcome.Sent.Order());
        Assert.Equal(3, outcome.Accepted); // one email per tenant, carrying all three evaluations' alerts
    }

    private static async Task AssertNothingPendingAsync(TestApp app)
    {
        foreach (var tenant in app.TenantIds)
        {
            var outbox = await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .ReadOutboxAsync(tenant, DateTimeOffset.MinValue, CancellationToken.None);
            Assert.DoesNotContain(outbox, d => d.Status == OutboxStatus.Pending);
            Assert.Single(outbox, d => d.Status == OutboxStatus.Sent);
        }
    }

    /// <summary>
    /// Hourly cycles while TokenWatch's clock is set back (or ahead) by <paramref name="skewHours"/> for a while and
    /// then corrected; Graph's clock stays right. A VPP token turns invalid while the clock is wrong, and another
    /// just after it was corrected; both recover later. Each of the four changes must be told exactly once. A clock
    /// set back by more than the reminder interval (24 h) and then corrected jumps forward past it, and one set ahead
    /// left a time from the future in the ledger, which never silences a reminder: either way the token in error
    /// since the wrong time is then reminded about once, early; that is a new event, not a duplicate.
    /// </summary>
    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    [InlineData(-30)]
    public async Task A_clock_that_jumps_back_or_ahead_loses_no_alert_and_sends_none_twice(int skewHours)
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        SkewedClock? clock = null;
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, services: s =>
            s.AddSingleton<TimeProvider>(sp => clock!)
        );
        clock = new SkewedClock(app.Clock);
        var tenant = app.Tenant();
        tenant.OneOfEach(app.Clock.GetUtcNow());
        tenant.VppTokens.Add(
            new Simulator.SimulatedVppToken
            {
                Id = "vpp-2",
                DisplayName = "Second location",
                AppleId = "vpp@contoso.example",
                ExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
            }
        );
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var decided = new List<AlertEvent>();
        var cycles = 0;

        async Task CyclesAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
                var result = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
                Assert.Null(result.Error);
                decided.AddRange(result.Events);
                app.Clock.Advance(TimeSpan.FromHours(1));
                cycles++;
            }
        }

        await CyclesAsync(3);
        clock.Offset = TimeSpan.FromHours(skewHours);
        await CyclesAsync(1);
        tenant.VppTokens[0].State = "invalid"; // while the clock is wrong
        await CyclesAsync(4);
        clock.Offset = TimeSpan.Zero;
        tenant.VppTokens[1].State = "invalid"; // just after it was corrected
        await CyclesAsync(4);
        tenant.VppTokens[0].State = "valid";
        tenant.VppTokens[1].State = "valid";
        await CyclesAsync(Math.Abs(skewHours) + 4);

        var delivered = (await DeliveredAsync(app, sendGrid)).SelectMany(d => d.Events).ToList();
        var told = delivered
            .Where(e => e.Condition == Condition.InvalidState)
            .Select(e => $"{e.Kind} {e.Token!.Id}")
            .Order()
            .ToList();
        List<string> expected =
        [
            "Entered vpp-1",
            "Entered vpp-2",
            "Recovered vpp-1",
            "Recovered vpp-2",
            .. skewHours <= -24 || skewHours > 0 ? ["Reminder vpp-1"] : Array.Empty<string>(),
        ];
        var duplicated = delivered.Count - delivered.Select(EventIdentity.Of).Distinct().Count();
        var lost =
            decided.Select(EventIdentity.Of).Except(delivered.Select(EventIdentity.Of)).Count()
            + expected.Except(told).Count();
        report.Line(
            output,
            $"clock skew {skewHours:+#;-#} h for 5 of {cycles} hourly cycles: alerts expected {expected.Count}, "
                + $"delivered {told.Intersect(expected).Count()}, duplicated {duplicated}, lost {lost}, "
                + "evaluation errors 0"
        );

        Assert.Equal(expected.Order(), told);
        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
        Assert.Equal(sendGrid.Accepted.Count, sendGrid.Accepted.Select(DigestIdOf).Distinct().Count());
    }
}
