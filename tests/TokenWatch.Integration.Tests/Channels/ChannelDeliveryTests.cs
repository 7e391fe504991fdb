using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// Email, Teams and webhook delivery of one digest through the real app against fake SendGrid, Teams and webhook
/// endpoints on 127.0.0.1: what each channel receives, and that each channel is retried, refused and recorded on its
/// own.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ChannelDeliveryTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    private static async Task CycleAsync(TestApp app, bool poll = true)
    {
        if (poll)
        {
            await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        }

        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
    }

    private static async Task<List<TableEntity>> OutboxAsync(TestApp app) =>
        (await app.RowsAsync(TableStorage.TokenStateTable))
            .Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal))
            .OrderBy(r => r.GetDateTimeOffset("CreatedAt"))
            .ToList();

    private static JsonElement Channel(TableEntity row, string channel) =>
        JsonDocument.Parse(row.GetString("Channels")!).RootElement.GetProperty(channel);

    /// <summary>Every TextRun of a card, in order, as the reader sees them run together.</summary>
    private static string CardText(JsonElement card) =>
        string.Concat(Elements(card, "TextRun").Select(e => e.GetProperty("text").GetString() + "\n"));

    private static IEnumerable<JsonElement> Elements(JsonElement card, string type) =>
        Descendants(card)
            .Where(e =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.GetString() == type
            );

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        var nested = children.Where(c => c.ValueKind is JsonValueKind.Object or JsonValueKind.Array);
        foreach (var child in nested.SelectMany(Descendants))
        {
            yield return child;
        }
    }

    [Fact]
    public async Task Teams_429_then_200_posts_one_card_with_tenant_status_token_expiry_steps_and_portal_link()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            ChannelSettings.Teams(s, teams.Url)
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        teams.Respond(429, "Rate limit is exceeded. Try again in 120 seconds.", retryAfter: "120");

        await CycleAsync(app);
        var throttled = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        Assert.Equal("Pending", throttled.GetString("Status"));
        Assert.Equal("Sent", Channel(throttled, "Email").GetProperty("status").GetString());
        var teamsState = Channel(throttled, "Teams");
        Assert.Equal(TestApp.Start.AddSeconds(120), teamsState.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Contains(
            "Teams answered 429, Retry-After 120 s: Rate limit is exceeded.",
            throttled.GetString("LastError")
        );
        Assert.Equal([429, 202], teams.Requests.Select(r => r.Status));
        Assert.Single(sendGrid.Requests);
        var sent = Assert.Single(await OutboxAsync(app));
        Assert.Equal("Sent", sent.GetString("Status"));
        Assert.Equal(2, Channel(sent, "Teams").GetProperty("attempts").GetInt32());

        var message = Assert.Single(teams.Accepted).Json;
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(
            ("AdaptiveCard", "1.5"),
            (card.GetProperty("type").GetString(), card.GetProperty("version").GetString())
        );
        var text = CardText(card);
        Assert.StartsWith(
            $"TokenWatch · CRITICAL\nTenant 1\n  {app.TenantIds[0]}\n1 critical\n"
                + "CRITICAL\n  New problem\nVPP token \"Apps and Books\"\n state invalid\n",
            text
        );
        Assert.Contains($"Expires: \n{TestApp.Start.AddDays(200):yyyy-MM-dd} ", text);
        Assert.Contains("What to do\n1. ", text);
        var portal = Elements(card, "Action.OpenUrl").First();
        Assert.StartsWith("https://", portal.GetProperty("url").GetString());
        var advice = Core.Notifications.Remediation.For(Assert.Single(await EventsAsync(app)), app.TenantIds[0]);
        Assert.Equal(advice.Links[0].Url, portal.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Webhook_503_then_200_delivers_once_signed_idempotent_and_valid_against_its_schema()
    {
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, configure: s => ChannelSettings.Webhook(s, hook.Url));
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        hook.Respond(503, "upstream unavailable");
        var receiver = new WebhookReceiver(ChannelSettings.Secret);

        await CycleAsync(app);
        var failedAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);
        var sentAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        Assert.Equal([503, 202], hook.Requests.Select(r => r.Status));
        var (refused, accepted) = (hook.Requests.First(), hook.Requests.Last());
        var digestId = Assert.Single(await OutboxAsync(app)).GetString("DigestId");
        Assert.All(hook.Requests, r =>
            Assert.Equal((digestId, digestId), (r.Headers["Idempotency-Key"], r.Headers["webhook-id"]))
        );
        Assert.Equal("application/json; charset=utf-8", accepted.Headers["Content-Type"]);

        // The receiver verifies each as it arrives; a replay of the first an hour later, or a changed body, is dropped.
        Assert.Equal("accepted", receiver.Receive(accepted.Headers, accepted.Body, sentAt));
        Assert.Equal("duplicate", receiver.Receive(accepted.Headers, accepted.Body, sentAt));
        Assert.Equal(
            "stale timestamp",
            new WebhookReceiver(ChannelSettings.Secret).Receive(refused.Headers, refused.Body, failedAt.AddHours(1))
        );
        var tampered = accepted.Text.Replace("Apps and Books", "Apps and Bookz", StringComparison.Ordinal);
        var tamperedBody = System.Text.Encoding.UTF8.GetBytes(tampered);
        Assert.Equal(
            "bad signature",
            new WebhookReceiver(ChannelSettings.Secret).Receive(accepted.Headers, tamperedBody, sentAt)
        );

        WebhookSchema.AssertValid(accepted.Json);
        var payload = accepted.Json;
        Assert.Equal(
            (1, "tokenwatch.digest", digestId, "critical"),
            (
                payload.GetProperty("version").GetInt32(),
                Text(payload, "type"),
                Text(payload, "digestId"),
                Text(payload, "severity")
            )
        );
        Assert.Equal("Tenant 1", payload.GetProperty("tenant").GetProperty("displayName").GetString());
        var e = Assert.Single(payload.GetProperty("events").EnumerateArray());
        Assert.Equal(
            ("entered", "critical", "vpp:vpp-1|invalid-state"),
            (Text(e, "kind"), Text(e, "severity"), Text(e, "alertKey"))
        );
        var token = e.GetProperty("token");
        Assert.Equal(
            ("vpp", "vpp-1", "Apps and Books", "invalid"),
            (Text(token, "kind"), Text(token, "id"), Text(token, "name"), Text(token, "state"))
        );
        Assert.NotEmpty(e.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task Email_accepted_while_the_webhook_fails_is_not_sent_again_when_a_later_digest_carries_them()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            ChannelSettings.Webhook(s, hook.Url)
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        hook.Respond(503, times: 2);

        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Tenant().AdeTokens[0].LastSyncErrorCode = 3;
        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        // Email: the VPP event, then only the new ADE event. Webhook: both, in one delivery of the later digest.
        Assert.Equal(
            [
                "[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid",
                "[TokenWatch] CRITICAL · Tenant 1 · ADE token \"Main ABM\" sync error "
                    + "(code 3, often terms not accepted)",
            ],
            sendGrid.Requests.Select(r => r.Subject)
        );
        Assert.DoesNotContain("Apps and Books", sendGrid.Requests.Last().Text);
        Assert.Equal([503, 503, 202], hook.Requests.Select(r => r.Status));
        var delivered = hook
            .Accepted.Single()
            .Json.GetProperty("events")
            .EnumerateArray()
            .Select(e => Text(e, "title"))
            .ToList();
        Assert.Equal(["ADE token \"Main ABM\"", "VPP token \"Apps and Books\""], delivered);
        var outbox = await OutboxAsync(app);
        Assert.Equal(["Superseded", "Sent"], outbox.Select(r => r.GetString("Status")));
    }

    [Fact]
    public async Task A_snoozed_token_sends_nothing_on_any_channel()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
        {
            ChannelSettings.Teams(s, teams.Url);
            ChannelSettings.Webhook(s, hook.Url);
        });
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        await CycleAsync(app);
        var now = app.Clock.GetUtcNow();
        await app
            .Services.GetRequiredService<IAlertLedgerStore>()
            .UpdateAsync(
                app.TenantIds[0],
                l => l.WithSnooze("vpp:vpp-1", new Snooze(now.AddDays(7), "new token ordered", now)),
                CancellationToken.None
            );

        app.Clock.Advance(TimeSpan.FromHours(25));
        var result = await CycleAndEvaluateAsync(app);

        Assert.Equal((1, 1, 1), (sendGrid.Requests.Count, teams.Requests.Count, hook.Requests.Count));
        Assert.Equal(Core.Alerts.AlertEventKind.Reminder, Assert.Single(result.Snoozed).Kind);
        Assert.Empty(result.Delivered);
        Assert.Equal(["Sent", "Snoozed"], (await OutboxAsync(app)).Select(r => r.GetString("Status")));
    }

    [Fact]
    public async Task A_refused_webhook_is_recorded_with_its_answer_and_not_retried_while_email_and_Teams_deliver()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
        {
            ChannelSettings.Teams(s, teams.Url);
            ChannelSettings.Webhook(s, hook.Url, "critical");
        });
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        hook.Respond(422, """{"error":"board 'Apple tokens' does not exist"}""");

        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        Assert.Equal((1, 1, 1), (sendGrid.Requests.Count, teams.Requests.Count, hook.Requests.Count));
        var row = Assert.Single(await OutboxAsync(app));
        Assert.Equal("Failed", row.GetString("Status"));
        var webhook = Channel(row, "Webhook");
        Assert.Equal("Failed", webhook.GetProperty("status").GetString());
        Assert.Equal(
            "The webhook refused the digest (422): {\"error\":\"board 'Apple tokens' does not exist\"}.",
            Text(webhook, "lastError")
        );
        Assert.Equal(("Sent", "Sent"), (Text(Channel(row, "Email"), "status"), Text(Channel(row, "Teams"), "status")));
    }

    [Fact]
    public async Task A_Teams_URL_answering_404_keeps_the_digest_pending_and_no_error_or_log_shows_the_URL()
    {
        const string signature = "sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zk9yZWFsLW5vdC1hLXJlYWwtc2lnbmF0dXJl";
        await using var teams = await FakeEndpoint.StartAsync(query: "?" + signature);
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s => ChannelSettings.Teams(s, teams.Url),
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace))
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        teams.Respond(404, $"No flow at {teams.Url} ({signature}).");
        using var misconfigured = new MetricCollector<long>(
            app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            TokenWatchMetrics.MeterName,
            TokenWatchMetrics.DeliveryMisconfiguredName
        );

        var first = await CycleAndEvaluateAsync(app);
        var pending = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        Assert.Equal([404, 202], teams.Requests.Select(r => r.Status));
        Assert.Equal("Pending", pending.GetString("Status"));
        Assert.True(Channel(pending, "Teams").GetProperty("misconfigured").GetBoolean());
        Assert.Equal(
            "Teams answered 404: No flow at [redacted] ([redacted]). Check TokenWatch:Teams:WebhookUrl (not "
                + "shown: it is a secret); the digest waits until it is fixed.",
            first.Error
        );
        var measured = Assert.Single(misconfigured.GetMeasurementSnapshot());
        Assert.Equal((1, "teams"), (measured.Value, (string?)measured.Tags["channel"]));
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, l =>
            l.Id.Name == "DeliveryMisconfigured"
            && l.Level == LogLevel.Error
            && l.Message.StartsWith("Teams delivery misconfigured: ", StringComparison.Ordinal)
        );
        var rows = await app.RowsAsync(TableStorage.TokenStateTable);
        var everything =
            string.Join("\n", logs.Select(l => l.Message + " " + l.Exception))
            + first.Error
            + string.Join("\n", rows.SelectMany(r => r).Select(p => p.Value?.ToString()));
        Assert.DoesNotContain("Zk9yZWFsLW5vdC1hLXJlYWwtc2lnbmF0dXJl", everything);
        Assert.DoesNotContain("/workflows/abc", everything);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
    }

    [Fact]
    public async Task A_Teams_card_that_cannot_be_written_locally_frees_the_digest_at_once_and_email_is_not_sent_again()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        var blocker = Path.Combine(Path.GetTempPath(), $"tokenwatch-not-a-folder-{Guid.NewGuid()}");
        await File.WriteAllTextAsync(blocker, "a file where the outbox folder should be");
        try
        {
            // No Teams URL: the card goes to the outbox folder, which cannot be created; email goes to SendGrid.
            await using var app = await TestApp.StartAsync(
                azurite,
                sendGridUrl: sendGrid.Url,
                outbox: Path.Combine(blocker, "outbox"),
                configure: s => s["TokenWatch:Routing:Teams"] = "all"
            );
            app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");

            var first = await CycleAndEvaluateAsync(app);
            var pending = Assert.Single(await OutboxAsync(app));
            File.Delete(blocker);
            await CycleAsync(app, poll: false);

            Assert.Equal([Core.Notifications.DeliveryChannel.Email], first.Delivered);
            Assert.StartsWith("Delivery failed before the provider accepted the Teams card: ", first.Error);
            Assert.Equal("Pending", pending.GetString("Status"));
            Assert.Null(pending.GetDateTimeOffset("LeaseUntil"));
            Assert.Equal(
                ("Sent", "Pending"),
                (Text(Channel(pending, "Email"), "status"), Text(Channel(pending, "Teams"), "status"))
            );
            Assert.Single(sendGrid.Requests);
            var sent = Assert.Single(await OutboxAsync(app));
            Assert.Equal("Sent", sent.GetString("Status"));
            Assert.Single(Directory.GetFiles(Path.Combine(blocker, "outbox"), "*.teams.json"));
        }
        finally
        {
            if (Directory.Exists(blocker))
            {
                Directory.Delete(blocker, recursive: true);
            }

            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_digest_too_large_for_one_email_goes_out_in_parts_by_email_and_once_to_Teams()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var app = await TestApp.StartAsync(
            azurite,
            sendGridUrl: sendGrid.Url,
            configure: s =>
            {
                s["TokenWatch:Alerts:MaxDigestKilobytes"] = "64";
                ChannelSettings.Teams(s, teams.Url);
            },
            services: s => s.AddFakeLogging()
        );
        var tenant = app.Tenant();
        var now = app.Clock.GetUtcNow();
        tenant.OneOfEach(now);
        for (var i = 1; i <= 40; i++)
        {
            tenant.VppTokens.Add(
                new Simulator.SimulatedVppToken
                {
                    Id = $"vpp-bulk-{i}",
                    DisplayName = $"Location {i:D2}",
                    AppleId = "vpp@contoso.example",
                    ExpirationDateTime = now.AddDays(200),
                    State = "invalid",
                }
            );
        }

        var result = await CycleAndEvaluateAsync(app);

        Assert.Null(result.Error);
        Assert.Equal(
            [Core.Notifications.DeliveryChannel.Email, Core.Notifications.DeliveryChannel.Teams],
            result.Delivered
        );
        Assert.InRange(sendGrid.Accepted.Count, 2, 20);
        Assert.All(sendGrid.Accepted.Select((mail, i) => (mail, i)), p =>
            Assert.StartsWith($"[{p.i + 1}/{sendGrid.Accepted.Count}] ", p.mail.Subject)
        );
        var card = Assert.Single(teams.Requests);
        Assert.Equal(202, card.Status);
        Assert.Contains("more events are in the email", card.Text);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), l => l.Id.Name == "DigestInParts");
    }

    private static async Task<TenantEvaluation> CycleAndEvaluateAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        return Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
    }

    private static async Task<IReadOnlyList<Core.Alerts.AlertEvent>> EventsAsync(TestApp app) =>
        (
            await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .ReadOutboxAsync(app.TenantIds[0], DateTimeOffset.MinValue, CancellationToken.None)
        )
            .SelectMany(o => o.Events)
            .ToList();

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
