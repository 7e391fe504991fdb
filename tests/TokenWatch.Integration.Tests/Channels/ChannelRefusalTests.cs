using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A Teams or webhook endpoint that says no: a configuration fault (401, 403, a redirect) keeps the digest owed on
/// that channel until the setting works, says so under DeliveryMisconfigured and never shows the URL or the secret;
/// any other 4xx is recorded as refused with the endpoint's answer.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ChannelRefusalTests(AzuriteFixture azurite)
{
    private const string HookPath = "/psa/tokenwatch-7d1c";
    private const string HookQuery = "?code=aHR0cHMtbm90LWEtcmVhbC1mdW5jdGlvbi1rZXk";
    private static readonly TimerInfo Timer = new();

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    public async Task A_webhook_answering_N_keeps_the_digest_pending_logs_2011_with_the_channel_and_shows_no_secret(
        int status,
        string word
    )
    {
        await using var hook = await FakeEndpoint.StartAsync(HookPath, HookQuery);
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s => ChannelSettings.Webhook(s, hook.Url),
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace))
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        // A receiver that echoes what it was given: the URL, the secret, and the bare key its library takes.
        var bareKey = ChannelSettings.Secret["whsec_".Length..];
        hook.Respond(status, $"{word}: no receiver at {hook.Url} for secret {ChannelSettings.Secret} (key {bareKey})");

        var first = await CycleAndEvaluateAsync(app);
        var pending = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var second = await CycleAndEvaluateAsync(app);

        Assert.Equal([status, 202], hook.Requests.Select(r => r.Status));
        Assert.Equal("Pending", pending.GetString("Status"));
        var webhook = Channel(pending, "Webhook");
        Assert.Equal(("Pending", true), (Text(webhook, "status"), webhook.GetProperty("misconfigured").GetBoolean()));
        Assert.Equal("Sent", Text(Channel(pending, "Email"), "status"));
        Assert.Equal(
            $"The webhook answered {status}: {word}: no receiver at [redacted] for secret [redacted] "
                + "(key [redacted]). Check TokenWatch:Webhook:Url and TokenWatch:Webhook:Secret (not shown: it is a "
                + "secret); the digest waits until it is fixed.",
            first.Error
        );
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        var said = Assert.Single(logs, l => l.Id.Id == 2011);
        Assert.Equal(("DeliveryMisconfigured", LogLevel.Error), (said.Id.Name, said.Level));
        Assert.Equal("Webhook", said.StructuredState!.Single(p => p.Key == "Channel").Value);
        Assert.StartsWith("Webhook delivery misconfigured: ", said.Message, StringComparison.Ordinal);

        // Once the receiver takes it, the digest goes out on the webhook once; email does not send it again.
        Assert.Null(second.Error);
        Assert.Equal([Core.Notifications.DeliveryChannel.Webhook], second.Delivered);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));

        var rows = await app.RowsAsync(TableStorage.TokenStateTable);
        var everything =
            string.Join(
                "\n",
                logs.Select(l =>
                    $"{l.Message} {l.Exception} " + string.Join(" ", l.StructuredState?.Select(p => p.Value) ?? [])
                )
            )
            + first.Error
            + string.Join("\n", rows.SelectMany(r => r).Select(p => p.Value?.ToString()));
        foreach (var secret in new[] { hook.Url, HookPath, HookQuery[1..], ChannelSettings.Secret, bareKey })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(400, """{"error":"missing field priority"}""")]
    [InlineData(422, """{"error":"board 'Apple tokens' does not exist"}""")]
    public async Task A_webhook_answering_another_4xx_is_recorded_as_refused_with_its_answer_and_not_retried(
        int status,
        string answer
    )
    {
        await using var hook = await FakeEndpoint.StartAsync(HookPath, "");
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s => ChannelSettings.Webhook(s, hook.Url),
            services: s => s.AddFakeLogging()
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        hook.Respond(status, answer);

        var first = await CycleAndEvaluateAsync(app);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAndEvaluateAsync(app);

        Assert.Equal([status], hook.Requests.Select(r => r.Status));
        var row = Assert.Single(await OutboxAsync(app));
        var webhook = Channel(row, "Webhook");
        var expected = $"The webhook refused the digest ({status}): {answer}.";
        Assert.Equal(
            ("Failed", false, expected),
            (Text(webhook, "status"), webhook.GetProperty("misconfigured").GetBoolean(), Text(webhook, "lastError"))
        );
        Assert.Equal(expected, first.Error);
        var said = Assert.Single(app.Services.GetFakeLogCollector().GetSnapshot(), l => l.Id.Name == "DeliveryRefused");
        Assert.EndsWith(expected, said.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Teams", 302)]
    [InlineData("Teams", 307)]
    [InlineData("Webhook", 301)]
    [InlineData("Webhook", 308)]
    public async Task A_redirect_is_not_followed_the_digest_waits_and_nothing_reaches_the_other_address(
        string channel,
        int status
    )
    {
        await using var endpoint = await FakeEndpoint.StartAsync(HookPath, HookQuery);
        await using var elsewhere = await FakeEndpoint.StartAsync(HookPath, HookQuery);
        await using var app = await TestApp.StartAsync(azurite, configure: s =>
        {
            if (channel == "Teams")
            {
                ChannelSettings.Teams(s, endpoint.Url);
            }
            else
            {
                ChannelSettings.Webhook(s, endpoint.Url);
            }
        });
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        endpoint.Respond(status, location: elsewhere.Url);

        var first = await CycleAndEvaluateAsync(app);
        var pending = Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await CycleAndEvaluateAsync(app);

        Assert.Empty(elsewhere.Requests);
        Assert.Equal([status, 202], endpoint.Requests.Select(r => r.Status));
        var state = Channel(pending, channel);
        Assert.Equal(("Pending", true), (Text(state, "status"), state.GetProperty("misconfigured").GetBoolean()));
        Assert.Contains($" answered {status}. Check TokenWatch:", first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(HookQuery[1..], first.Error, StringComparison.Ordinal);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
    }

    [Fact]
    public async Task An_unresolved_Key_Vault_reference_starts_the_app_sends_email_and_keeps_the_channel_owed()
    {
        const string reference = "@Microsoft.KeyVault(VaultName=kv-tw-test;SecretName=WebhookUrl)";
        await using var hook = await FakeEndpoint.StartAsync(HookPath, "");
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString());
        await using var app = await TestApp.StartAsync(
            azurite,
            outbox: outbox,
            configure: s =>
            {
                ChannelSettings.Webhook(s, reference);
                s["TokenWatch:Webhook:Secret"] = "@Microsoft.KeyVault(VaultName=kv-tw-test;SecretName=WebhookSecret)";
            },
            services: s => s.AddFakeLogging()
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");

        var result = await CycleAndEvaluateAsync(app);

        Assert.Equal([Core.Notifications.DeliveryChannel.Email], result.Delivered);
        Assert.StartsWith(
            $"TokenWatch:Webhook:Url is an unresolved Key Vault reference ({reference}): ",
            result.Error,
            StringComparison.Ordinal
        );
        Assert.EndsWith("The digest waits until it is fixed.", result.Error, StringComparison.Ordinal);
        var row = Assert.Single(await OutboxAsync(app));
        var webhook = Channel(row, "Webhook");
        Assert.Equal(("Pending", true), (Text(webhook, "status"), webhook.GetProperty("misconfigured").GetBoolean()));
        Assert.Empty(Directory.GetFiles(outbox, "*.webhook*"));
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), l =>
            l.Id.Id == 2011 && l.Message.StartsWith("Webhook delivery misconfigured: ", StringComparison.Ordinal)
        );

        // The secrets are set and the app restarted, as App Service does once the references resolve.
        await app.RestartAsync(s => ChannelSettings.Webhook(s, hook.Url));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var next = await CycleAndEvaluateAsync(app);

        Assert.Equal([Core.Notifications.DeliveryChannel.Webhook], next.Delivered);
        Assert.Equal(202, Assert.Single(hook.Requests).Status);
        Assert.Equal("Sent", Assert.Single(await OutboxAsync(app)).GetString("Status"));
    }

    private static async Task<TenantEvaluation> CycleAndEvaluateAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        return Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
    }

    private static async Task<List<TableEntity>> OutboxAsync(TestApp app) =>
        (await app.RowsAsync(TableStorage.TokenStateTable))
            .Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal))
            .OrderBy(r => r.GetDateTimeOffset("CreatedAt"))
            .ToList();

    private static JsonElement Channel(TableEntity row, string channel) =>
        JsonDocument.Parse(row.GetString("Channels")!).RootElement.GetProperty(channel);

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
