using System.Text.Json;
using Azure.Data.Tables;
using Json.Schema;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Email;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// Email, Teams and webhook delivery of one digest through the real app against fake SendGrid, Teams and webhook
/// endpoints on 127.0.0.1: what each channel receives, and that each channel is retried, refused and recorded on its own.
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
        (await app.RowsAsync("AlertLedger")).Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal))
        .OrderBy(r => r.GetDateTimeOffset("CreatedAt")).ToList();

    private static JsonElement Channel(TableEntity row, string channel) =>
        JsonDocument.Parse(row.GetString("Channels")!).RootElement.GetProperty(channel);

    /// <summary>Every TextRun of a card, in order, as the reader sees them run together.</summary>
    private static string CardText(JsonElement card) =>
        string.Concat(Elements(card, "TextRun")
            .Select(e => e.GetProperty("text").GetString() + "\n"));

    private static IEnumerable<JsonElement> Elements(JsonElement card, string type) =>
        Descendants(card).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.GetString() == type);

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children.Where(c => c.ValueKind is JsonValueKind.Object or JsonValueKind.Array).SelectMany(Descendants))
        {
            yield return child;
        }
    }

    [Fact]
    public async Task Teams_429_then_200_posts_one_card_with_tenant_status_token_expiry_steps_and_portal_link()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s => ChannelSettings.Teams(s, teams.Url));
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
        Assert.Equal(TestApp.Start.AddSeconds(120), Channel(throttled, "Teams").GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Contains("Teams answered 429, Retry-After 120 s: Rate limit is exceeded.", throttled.GetString("LastError"));
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
        Assert.Equal(("AdaptiveCard", "1.5"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        var text = CardText(card);
        Assert.StartsWith($"TokenWatch · CRITICAL\nTenant 1\n  {app.TenantIds[0]}\n1 critical\nCRITICAL\n  New problem\nVPP token \"Apps and Books\"\n state invalid\n", text);
        Assert.Contains($"Expires: \n{TestApp.Start.AddDays(200):yyyy-MM-dd} ", text);
        Assert.Contains("What to do\n1. ", text);
        var portal = Elements(card, "Action.OpenUrl").First();
        Assert.StartsWith("https://", portal.GetProperty("url").GetString());
        Assert.Equal(Core.Notifications.Remediation.For(Assert.Single(await EventsAsync(app)), app.TenantIds[0]).Links[0].Url, portal.GetProperty("url").GetString());
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
        Assert.All(hook.Requests, r => Assert.Equal((digestId, digestId), (r.Headers["Idempotency-Key"], r.Headers["webhook-id"])));
        Assert.Equal("application/json; charset=utf-8", accepted.Headers["Content-Type"]);

        // The receiver verifies each as it arrives; a replay of the first an hour later, or a changed body, is dropped.
        Assert.Equal("accepted", receiver.Receive(accepted.Headers, accepted.Body, sentAt));
        Assert.Equal("duplicate", receiver.Receive(accepted.Headers, accepted.Body, sentAt));
        Assert.Equal("stale timestamp", new WebhookReceiver(ChannelSettings.Secret).Receive(refused.Headers, refused.Body, failedAt.AddHours(1)));
        var tampered = accepted.Text.Replace("Apps and Books", "Apps and Bookz", StringComparison.Ordinal);
        Assert.Equal("bad signature", new WebhookReceiver(ChannelSettings.Secret).Receive(accepted.Headers, System.Text.Encoding.UTF8.GetBytes(tampered), sentAt));

        var schema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(Snapshot.RepositoryRoot, "docs", "webhook", "tokenwatch-digest-v1.schema.json")));
        var validation = schema.Evaluate(accepted.Json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(validation.IsValid, string.Join("; ", (validation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var payload = accepted.Json;
        Assert.Equal((1, "tokenwatch.digest", digestId, "critical"), (payload.GetProperty("version").GetInt32(), payload.GetProperty("type").GetString(),
            payload.GetProperty("digestId").GetString(), payload.GetProperty("severity").GetString()));
        Assert.Equal("Tenant 1", payload.GetProperty("tenant").GetProperty("displayName").GetString());
        var e = Assert.Single(payload.GetProperty("events").EnumerateArray());
        Assert.Equal(("entered", "critical", "vpp:vpp-1|invalid-state"), (e.GetProperty("kind").GetString(), e.GetProperty("severity").GetString(), e.GetProperty("alertKey").GetString()));
        Assert.Equal(("vpp", "vpp-1", "Apps and Books", "invalid"), (e.GetProperty("token").GetProperty("kind").GetString(), e.GetProperty("token").GetProperty("id").GetString(),
            e.GetProperty("token").GetProperty("name").GetString(), e.GetProperty("token").GetProperty("state").GetString()));
        Assert.NotEmpty(e.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task Email_accepted_while_the_webhook_fails_is_not_sent_again_when_a_later_digest_carries_the_webhooks_events()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var hook = await FakeEndpoint.StartAsync("/psa/tokenwatch", "");
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s => ChannelSettings.Webhook(s, hook.Url));
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        hook.Respond(503, times: 2);

        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Tenant().AdeTokens[0].LastSyncErrorCode = 3;
        await CycleAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        // Email: the VPP event, then only the new ADE event. Webhook: both, in one delivery of the later digest.
        Assert.Equal(["[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid",
            "[TokenWatch] CRITICAL · Tenant 1 · ADE token \"Main ABM\" sync error (code 3, often terms not accepted)"], sendGrid.Requests.Select(r => r.Subject));
        Assert.DoesNotContain("Apps and Books", sendGrid.Requests.Last().Text);
        Assert.Equal([503, 503, 202], hook.Requests.Select(r => r.Status));
        var delivered = hook.Accepted.Single().Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("title").GetString()).ToList();
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
        await app.Services.GetRequiredService<IAlertLedgerStore>().UpdateAsync(app.TenantIds[0],
            l => l.WithSnooze("vpp:vpp-1", new Snooze(now.AddDays(7), "new token ordered", now)), CancellationToken.None);

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
        Assert.Equal("The webhook refused the digest (422): {\"error\":\"board 'Apple tokens' does not exist\"}.", webhook.GetProperty("lastError").GetString());
        Assert.Equal(("Sent", "Sent"), (Channel(row, "Email").GetProperty("status").GetString(), Channel(row, "Teams").GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_webhook_answering_404_keeps_the_digest_pending_and_no_error_or_log_shows_its_url_or_secret()
    {
        const string signature = "sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zk9yZWFsLW5vdC1hLXJlYWwtc2lnbmF0dXJl";
        await using var teams = await FakeEndpoint.StartAsync(query: "?" + signature);
        await using var app = await TestApp.StartAsync(azurite, configure: s => ChannelSettings.Teams(s, teams.Url),
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace)));
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        teams.Respond(404, $"No flow at {teams.Url} ({signature}).");

        var first = await CycleAndEvaluateAsync(app);
        var pending = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAsync(app);

        Assert.Equal([404, 202], teams.Requests.Select(r => r.Status));
        Assert.Equal("Pending", pending.GetString("Status"));
        Assert.True(Channel(pending, "Teams").GetProperty("misconfigured").GetBoolean());
        Assert.Equal("Teams answered 404: No flow at [redacted] ([redacted]). Check TokenWatch:Teams:WebhookUrl (not shown: it is a secret); the digest waits until it is fixed.", first.Error);
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, l => l.Id.Name == "DeliveryMisconfigured" && l.Level == LogLevel.Error && l.Message.StartsWith("Teams delivery misconfigured: ", StringComparison.Ordinal));
        var everything = string.Join("\n", logs.Select(l => l.Message + " " + l.Exception)) + first.Error
            + string.Join("\n", (await app.RowsAsync("AlertLedger")).SelectMany(r => r).Select(p => p.Value?.ToString()));
        Assert.DoesNotContain("Zk9yZWFsLW5vdC1hLXJlYWwtc2lnbmF0dXJl", everything);
        Assert.DoesNotContain("/workflows/abc", everything);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
    }

    private static async Task<TenantEvaluation> CycleAndEvaluateAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        return Assert.Single(await app.Services.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None));
    }

    private static async Task<IReadOnlyList<Core.Alerts.AlertEvent>> EventsAsync(TestApp app) =>
        (await app.Services.GetRequiredService<Infrastructure.Storage.TableAlertLedgerStore>()
            .ReadOutboxAsync(app.TenantIds[0], DateTimeOffset.MinValue, CancellationToken.None)).SelectMany(o => o.Events).ToList();
}
