using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Cli;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A digest in parts to a receiver slower than the evaluation's time for the tenant allows, on the fake clock (the
/// receiver moves it on by its delay before answering; nothing waits in real time): delivery moves forward across
/// evaluations, never posts a part the receiver accepted, and says it was deferred.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class SlowReceiverTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    [Fact]
    public async Task A_digest_in_parts_to_a_slow_receiver_completes_over_evaluations_each_part_posted_once()
    {
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        Dictionary<string, string?> settings = [];
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s =>
            {
                ChannelSettings.Webhook(s, hook.Url);
                s["TokenWatch:Routing:Email"] = "off";
                s["TokenWatch:Webhook:MaxBodyKilobytes"] = "16";
                s["TokenWatch:Webhook:TimeoutSeconds"] = "5";
                s["TokenWatch:Cycle:TenantTimeoutSeconds"] = "12";
                settings = new(s);
            },
            services: s => s.AddFakeLogging()
        );
        // Each answer comes 4 s after the request: two posts fit in 12 s with room for a 5 s post, a third does not.
        hook.BeforeAnswer = () => app.Clock.Advance(TimeSpan.FromSeconds(4));
        AddBrokenVppTokens(app, 40);
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();

        var first = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
        var postedFirst = hook.Requests.Count;
        var pending = await OutboxAsync(app);
        var history = await HistoryAsync(app, settings);
        var evaluations = 1;
        while ((await OutboxAsync(app)).Status == OutboxStatus.Pending && evaluations < 20)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await evaluation.EvaluateEachAsync(CancellationToken.None);
            evaluations++;
        }

        // The first evaluation: two parts taken and recorded, the rest deferred and said so; the lease let go.
        Assert.Equal(2, postedFirst);
        Assert.All(hook.Requests, r => Assert.Equal(pending.DigestId, r.Json.GetProperty("digestId").GetString()));
        Assert.StartsWith("Delivery of the webhook request deferred: 2 parts accepted so far", first.Error);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.False(pending.IsLeased(app.Clock.GetUtcNow()));
        var webhook = pending.Channels[DeliveryChannel.Webhook];
        Assert.Equal((1, 2, null), (webhook.Attempts, webhook.PartsAccepted, webhook.NextAttemptAt));
        Assert.Contains("1 attempts, last: Delivery of the webhook request deferred: 2 parts accepted", history);
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), l =>
            (l.Id.Id, l.Id.Name) == (2005, "DeliveryDeferred") && l.Message.Contains("deferred: 2 parts accepted")
        );

        // In the end: every part once, in order, every event once; no part the receiver already had.
        var entry = await OutboxAsync(app);
        Assert.Equal(OutboxStatus.Sent, entry.Status);
        var parts = hook.Requests.Select(r => r.Json.GetProperty("part")).ToList();
        var count = parts[0].GetProperty("count").GetInt32();
        Assert.InRange(count, 3, 40);
        Assert.Equal(Enumerable.Range(1, count), parts.Select(p => p.GetProperty("number").GetInt32()));
        Assert.Equal((count + 1) / 2, evaluations);
        var keys = hook
            .Requests.SelectMany(r => r.Json.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("alertKey").GetString())
            .ToList();
        Assert.Equal(keys.Distinct(), keys);
        Assert.Equal(entry.Events.Count, keys.Count);
    }

    private static void AddBrokenVppTokens(TestApp app, int count)
    {
        var tenant = app.Tenant();
        var now = app.Clock.GetUtcNow();
        tenant.OneOfEach(now);
        for (var i = 1; i <= count; i++)
        {
            tenant.VppTokens.Add(
                new SimulatedVppToken
                {
                    Id = $"vpp-bulk-{i}",
                    DisplayName = $"Location {i:D2}",
                    AppleId = "vpp@contoso.example",
                    ExpirationDateTime = now.AddDays(200),
                    State = "invalid",
                }
            );
        }
    }

    private static async Task<OutboxEntry> OutboxAsync(TestApp app) =>
        Assert.Single(
            await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .ReadOutboxAsync(app.TenantIds[0], DateTimeOffset.MinValue, CancellationToken.None)
        );

    /// <summary><c>tokenwatch history</c> as an admin runs it, with the app's settings as its config file.</summary>
    private static async Task<string> HistoryAsync(TestApp app, Dictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var path = key.Split(':');
            var node = root;
            foreach (var part in path[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[path[^1]] = value;
        }

        var file = Path.Combine(Path.GetTempPath(), $"tokenwatch-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        try
        {
            var stdout = new StringWriter();
            var args = new[] { "history", "--tenant", app.TenantIds[0], "--days", "3650", "--config", file };
            var code = await TokenWatchCli.RunAsync(args, stdout, new StringWriter(), CancellationToken.None);
            Assert.Equal(0, code);
            return stdout.ToString();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
