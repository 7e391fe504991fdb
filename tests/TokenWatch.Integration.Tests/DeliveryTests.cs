using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Notifications;
using TokenWatch.Functions;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>
/// The outbox against real Table Storage (Azurite) and the real SendGrid client (against the fake endpoint): a
/// refused send is sent later, racing evaluators send once, and a crash between send and mark costs at most one
/// duplicate.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class DeliveryTests(
    AzuriteFixture azurite,
    ReliabilityReport report,
    Xunit.Abstractions.ITestOutputHelper output
) : IClassFixture<ReliabilityReport>
{
    private static readonly TimerInfo Timer = new();

    private static void Seed(SimulatedTenant tenant, DateTimeOffset now) => tenant.OneOfEach(now, vppState: "invalid");

    private static string DigestIdOf(ReceivedMail mail) =>
        mail.Body.GetProperty("custom_args").GetProperty("digest_id").GetString()!;

    private static async Task<List<TableEntity>> OutboxAsync(TestApp app) =>
        (await app.RowsAsync("TokenState"))
            .Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task SendGrid_429_then_202_sends_one_email_at_the_next_evaluation()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        sendGrid.Respond(429, "{\"errors\":[{\"message\":\"too many requests\"}]}", retryAfter: "3600");

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        var afterThrottle = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        Assert.Equal("Pending", afterThrottle.GetString("Status"));
        Assert.Contains("429", afterThrottle.GetString("LastError"));
        Assert.Equal([429, 202], sendGrid.Requests.Select(r => r.Status));
        var mail = Assert.Single(sendGrid.Accepted);
        Assert.Equal(DigestIdOf(sendGrid.Requests.First()), DigestIdOf(mail));
        Assert.Equal("[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid", mail.Subject);
        var sent = Assert.Single(await OutboxAsync(app));
        Assert.Equal("Sent", sent.GetString("Status"));
        Assert.Equal(2, sent.GetInt32("Attempts"));
        Assert.Equal(TestApp.Start.AddHours(1), sent.GetDateTimeOffset("SentAt"));
    }

    [Fact]
    public async Task A_permanent_refusal_is_recorded_with_the_providers_message_and_not_retried()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        sendGrid.Respond(
            400,
            "{\"errors\":[{\"message\":\"Does not contain a valid "
                + "address.\",\"field\":\"personalizations.0.to.0.email\"}]}"
        );

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var first = await app
            .Services.GetRequiredService<EvaluationService>()
            .EvaluateEachAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        Assert.Contains("valid address", Assert.Single(first).Error);
        Assert.Equal([400], sendGrid.Requests.Select(r => r.Status));
        var failed = Assert.Single(await OutboxAsync(app));
        Assert.Equal("Failed", failed.GetString("Status"));
        Assert.Contains("SendGrid refused the message (400): ", failed.GetString("LastError"));
        Assert.Contains("valid address", failed.GetString("LastError"));
    }

    [Fact]
    public async Task A_refused_key_keeps_the_digest_pending_and_says_email_delivery_misconfigured()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, services: s =>
            s.AddFakeLogging()
        );
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        sendGrid.Outage = 401;
        using var misconfigured = new MetricCollector<long>(
            app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            TokenWatchMetrics.MeterName,
            TokenWatchMetrics.DeliveryMisconfiguredName
        );

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        var said = logs.Where(r => r.Id.Name == "DeliveryMisconfigured").ToList();
        Assert.Equal(2, said.Count);
        Assert.All(said, r => Assert.Equal((2011, LogLevel.Error), (r.Id.Id, r.Level)));
        Assert.StartsWith("Email delivery misconfigured: alert digest ", said[1].Message);
        Assert.Contains("(attempt 2, pending 2 h)", said[1].Message);
        Assert.Contains("SendGrid refused the message (401)", said[1].Message);
        Assert.DoesNotContain(logs, r => r.Id.Name is "DeliveryRefused" or "DeliveryDeferred");
        Assert.Equal(2, misconfigured.GetMeasurementSnapshot().Sum(m => m.Value));
        var pending = Assert.Single(await OutboxAsync(app));
        Assert.Equal("Pending", pending.GetString("Status"));
        Assert.Contains("401", pending.GetString("LastError"));
    }

    [Fact]
    public async Task Two_evaluators_that_decided_the_same_events_send_one_email()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        Dictionary<string, string?> settings = [];
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            settings = new(s)
        );
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        app.Tenant().VppTokens[0].State = "valid";
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        app.Tenant().VppTokens[0].State = "invalid";
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);

        // Two instances a few seconds apart: their digests get different ids, so only the ledger's ETag stands
        // between them and two emails.
        var bothLoaded = new Rendezvous(2);
        var laterClock = new FakeTimeProvider(app.Clock.GetUtcNow().AddSeconds(3));
        await using var first = Evaluator(settings, app.Clock, s =>
            s.AddSingleton<IAlertLedgerStore>(sp => new LoadTogether(
                sp.GetRequiredService<TableAlertLedgerStore>(),
                bothLoaded
            ))
        );
        await using var second = Evaluator(settings, laterClock, s =>
            s.AddSingleton<IAlertLedgerStore>(sp => new LoadTogether(
                sp.GetRequiredService<TableAlertLedgerStore>(),
                bothLoaded
            ))
        );

        var results = await Task.WhenAll(
            Task.Run(() => first.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None)),
            Task.Run(() => second.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None))
        );

        report.Line(
            output,
            $"two evaluators racing: {results.Sum(r => r.Single().Events.Count)} alert decided, "
                + $"{sendGrid.Requests.Count} email sent, "
                + $"{results.Count(r => r.Single().Events.Count > 0)} evaluator claimed it, "
                + $"{results.Count(r => r.Single().Error is not null)} errors"
        );
        Assert.All(results.SelectMany(r => r), r => Assert.Null(r.Error));
        var mail = Assert.Single(sendGrid.Requests);
        Assert.Equal("[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid", mail.Subject);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
        Assert.Single(results, r => r.Single().Events.Count > 0); // one claimed the event, the other found it claimed
    }

    [Fact]
    public async Task A_crash_between_the_send_and_the_mark_sends_the_digest_at_most_once_more()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        Dictionary<string, string?> settings = [];
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            settings = new(s)
        );
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await using var crashing = Evaluator(settings, app.Clock, s =>
            s.AddSingleton<INotifier>(sp => new DiesAfterFirstSend(
                new SendGridNotifier(
                    sp.GetRequiredService<IOptions<TokenWatchOptions>>(),
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient("SendGrid"),
                    sp.GetRequiredService<TimeProvider>()
                )
            ))
        );
        var evaluation = crashing.GetRequiredService<EvaluationService>();

        var crashed = await evaluation.EvaluateEachAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var whileLeased = await evaluation.EvaluateEachAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var afterLease = await evaluation.EvaluateEachAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await evaluation.EvaluateEachAsync(CancellationToken.None);

        var alerts = Assert.Single(await OutboxAsync(app)).GetInt32("EventCount");
        report.Line(
            output,
            $"crash between send and mark: 1 crash, alerts expected {alerts}, each delivered "
                + $"{sendGrid.Accepted.Count} times in {sendGrid.Accepted.Count} emails "
                + $"for {sendGrid.Accepted.Select(DigestIdOf).Distinct().Count()} digest (1 duplicate, the "
                + "documented window), none while the lease ran, lost 0"
        );
        Assert.Equal(DiesAfterFirstSend.Message, Assert.Single(crashed).Error);
        Assert.Null(Assert.Single(whileLeased).Email);
        Assert.NotNull(Assert.Single(afterLease).Email);
        Assert.Equal(2, sendGrid.Accepted.Count);
        Assert.Single(sendGrid.Accepted.Select(DigestIdOf).Distinct());
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
    }

    [Fact]
    public async Task Critical_digests_also_go_to_the_critical_recipients_and_warnings_only_to_the_team()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 2, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Email:CriticalRecipients:0"] = "oncall@contoso.example";
            s["TokenWatch:Tenants:1:Recipients:0"] = "fabrikam-admins@fabrikam.example";
            s["TokenWatch:Tenants:1:CriticalRecipients:0"] = "fabrikam-oncall@fabrikam.example";
        });
        Seed(app.Tenant(0), app.Clock.GetUtcNow());
        Seed(app.Tenant(1), app.Clock.GetUtcNow());
        app.Tenant(1).VppTokens[0].State = "valid";
        app.Tenant(1).VppTokens[0].ExpirationDateTime = app.Clock.GetUtcNow().AddDays(20);

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        app.Tenant(1).VppTokens[0].State = "invalid";
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var mails = sendGrid.Accepted;
        Assert.Equal(
            ["admins@contoso.example", "oncall@contoso.example"],
            mails.Single(m => m.Subject.Contains("Tenant 1")).Recipients
        );
        var fabrikam = mails.Where(m => m.Subject.Contains("Tenant 2")).ToList();
        Assert.Equal(2, fabrikam.Count);
        Assert.Equal(["fabrikam-admins@fabrikam.example"], fabrikam[0].Recipients); // the 30-day warning
        Assert.Equal(["fabrikam-admins@fabrikam.example", "fabrikam-oncall@fabrikam.example"], fabrikam[1].Recipients);
    }

    /// <summary>
    /// A second TokenWatch process on the same storage, tenants and SendGrid: wired by AddTokenWatch, then
    /// <paramref name="replace"/>.
    /// </summary>
    private static ServiceProvider Evaluator(
        Dictionary<string, string?> settings,
        TimeProvider clock,
        Action<IServiceCollection> replace
    )
    {
        var services = new ServiceCollection()
            .AddSingleton(clock)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTokenWatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        replace(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// Lets the first load of each evaluator return only once every evaluator has loaded: both decide on the same
    /// ledger.
    /// </summary>
    private sealed class Rendezvous(int parties)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == parties)
            {
                _all.SetResult();
            }

            // A guard against a hang should a change stop one evaluator from loading, not a timing assumption.
            return _all.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>The real Table store, holding back its first load until the other evaluator has loaded too.</summary>
    private sealed class LoadTogether(TableAlertLedgerStore inner, Rendezvous rendezvous) : IAlertLedgerStore
    {
        private int _loads;

        public async Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken)
        {
            var loaded = await inner.LoadAsync(tenantId, cancellationToken);
            if (Interlocked.Increment(ref _loads) == 1)
            {
                await rendezvous.ArriveAsync();
            }

            return loaded;
        }

        public Task<StoredLedger?> TryCommitAsync(
            StoredLedger loaded,
            AlertLedger next,
            OutboxEntry? digest,
            OutboxEntry? snoozed,
            CancellationToken cancellationToken
        ) => inner.TryCommitAsync(loaded, next, digest, snoozed, cancellationToken);

        public Task<OutboxEntry?> TryLeaseAsync(
            OutboxEntry pending,
            DateTimeOffset until,
            CancellationToken cancellationToken
        ) => inner.TryLeaseAsync(pending, until, cancellationToken);

        public Task<OutboxEntry?> TryRecordAsync(
            OutboxEntry leased,
            OutboxEntry next,
            CancellationToken cancellationToken
        ) => inner.TryRecordAsync(leased, next, cancellationToken);

        public Task<AlertLedger> UpdateAsync(
            string tenantId,
            Func<AlertLedger, AlertLedger> change,
            CancellationToken cancellationToken
        ) => inner.UpdateAsync(tenantId, change, cancellationToken);
    }

    /// <summary>
    /// The real SendGrid sender in a process that dies right after the provider accepted its first message.
    /// </summary>
    private sealed class DiesAfterFirstSend(INotifier inner) : INotifier
    {
        public const string Message = "The process died after SendGrid accepted the message.";
        private int _sends;

        public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
        {
            await inner.SendAsync(email, cancellationToken);
            if (Interlocked.Increment(ref _sends) == 1)
            {
                throw new InvalidOperationException(Message);
            }
        }
    }
}
