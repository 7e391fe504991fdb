using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A digest too large for one webhook request, against a fake receiver on 127.0.0.1 that verifies each request as a
/// Standard Webhooks receiver does and keeps the ids it has seen: every request within the bound, every event
/// delivered exactly once, nothing lost to a failed part or to a receiver's 413.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class WebhookPartsDeliveryTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    [Fact]
    public async Task A_digest_past_the_body_bound_arrives_in_signed_parts_within_it_each_event_once_despite_a_retry()
    {
        const int bound = 16 * 1024;
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s =>
            {
                ChannelSettings.Webhook(s, hook.Url);
                s["TokenWatch:Webhook:MaxBodyKilobytes"] = "16";
            },
            services: s => s.AddFakeLogging()
        );
        AddBrokenVppTokens(app, 40);
        // The first part is taken, the second meets a receiver that is down: the digest stays owed on the webhook.
        hook.Respond(202);
        hook.Respond(503, "receiver restarting");

        var first = await CycleAndEvaluateAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var second = await CycleAndEvaluateAsync(app);

        Assert.Equal("The webhook answered 503: receiver restarting.", first.Error);
        Assert.Null(second.Error);
        var entry = await OutboxAsync(app);
        Assert.Equal(OutboxStatus.Sent, entry.Status);
        var requests = hook.Requests.ToList();
        Assert.Equal([202, 503], requests.Take(2).Select(r => r.Status));
        Assert.All(requests, r => Assert.True(r.Body.Length <= bound, $"a request of {r.Body.Length} bytes"));
        var count = requests[0].Json.GetProperty("part").GetProperty("count").GetInt32();
        Assert.InRange(count, 3, 40);
        // The retry goes on from the part that failed: the accepted one is never posted again.
        Assert.Equal(1 + 1 + (count - 1), requests.Count);
        var verdicts = Receive(requests);
        Assert.Equal(["accepted", "rejected", "accepted"], verdicts.Take(3).Select(v => v.Verdict));
        Assert.DoesNotContain(verdicts, v => v.Verdict == "duplicate");
        var taken = verdicts.Where(v => v.Verdict == "accepted").Select(v => v.Request).ToList();
        Assert.Equal(count, taken.Count);
        for (var k = 1; k <= count; k++)
        {
            var part = taken[k - 1];
            var id = $"{entry.DigestId}:{k}/{count}";
            Assert.Equal((id, id), (part.Headers["Idempotency-Key"], part.Headers["webhook-id"]));
            var body = part.Json;
            Assert.Equal(
                (entry.DigestId, k, count),
                (
                    body.GetProperty("digestId").GetString(),
                    body.GetProperty("part").GetProperty("number").GetInt32(),
                    body.GetProperty("part").GetProperty("count").GetInt32()
                )
            );
            Assert.StartsWith($"[{k}/{count}] [TokenWatch] ", body.GetProperty("subject").GetString());
            WebhookSchema.AssertValid(body);
        }

        var keys = taken
            .SelectMany(p => p.Json.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("alertKey").GetString())
            .ToList();
        Assert.Equal(keys.Distinct(), keys);
        Assert.Equal(entry.Events.Count, keys.Count);
        Assert.All(Enumerable.Range(1, 40), i => Assert.Contains($"vpp:vpp-bulk-{i}|invalid-state", keys));
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), l =>
            (l.Id.Id, l.Id.Name) == (2014, "WebhookInParts")
        );
    }

    [Fact]
    public async Task A_receiver_refusing_the_digest_as_too_large_gets_it_in_smaller_parts_each_event_once()
    {
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, configure: s => ChannelSettings.Webhook(s, hook.Url));
        AddBrokenVppTokens(app, 6);
        hook.Respond(413, "Request Entity Too Large");

        var result = await CycleAndEvaluateAsync(app);

        Assert.Null(result.Error);
        var entry = await OutboxAsync(app);
        Assert.Equal(OutboxStatus.Sent, entry.Status);
        var requests = hook.Requests.ToList();
        Assert.Equal(413, requests[0].Status);
        Assert.All(requests.Skip(1), r =>
        {
            Assert.Equal(202, r.Status);
            Assert.True(r.Body.Length <= requests[0].Body.Length / 2, $"a part of {r.Body.Length} bytes");
        });
        var verdicts = Receive(requests.Skip(1).ToList());
        Assert.All(verdicts, v => Assert.Equal("accepted", v.Verdict));
        var keys = requests
            .Skip(1)
            .SelectMany(p => p.Json.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("alertKey").GetString())
            .ToList();
        Assert.Equal(keys.Distinct(), keys);
        Assert.Equal(entry.Events.Count, keys.Count);
        Assert.Equal(
            requests[0].Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("alertKey").GetString()),
            keys
        );
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

    /// <summary>Each request as the receiver took it, in order; one it did not answer 2xx to is "rejected".</summary>
    private static List<(string Verdict, ReceivedRequest Request)> Receive(IReadOnlyList<ReceivedRequest> requests)
    {
        var receiver = new WebhookReceiver(ChannelSettings.Secret);
        return requests
            .Select(r =>
            {
                var sentAt = DateTimeOffset.FromUnixTimeSeconds(
                    long.Parse(r.Headers["webhook-timestamp"], CultureInfo.InvariantCulture)
                );
                var verdict = r.Status is >= 200 and < 300 ? receiver.Receive(r.Headers, r.Body, sentAt) : "rejected";
                return (verdict, r);
            })
            .ToList();
    }

    private static async Task<TenantEvaluation> CycleAndEvaluateAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        return Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
    }

    private static async Task<OutboxEntry> OutboxAsync(TestApp app) =>
        Assert.Single(
            await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .ReadOutboxAsync(app.TenantIds[0], DateTimeOffset.MinValue, CancellationToken.None)
        );
}
