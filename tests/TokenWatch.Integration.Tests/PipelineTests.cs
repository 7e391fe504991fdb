using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>
/// The two functions, built by the same DI container as the host, against Azurite, the simulator and SendGrid.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class PipelineTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    /// <summary>Healthy but for the VPP token, which expires in 12 days.</summary>
    private static void Seed(SimulatedTenant tenant, DateTimeOffset now) => tenant.OneOfEach(now, vppDaysLeft: 12);

    [Fact]
    public async Task PollTokens_stores_every_token_and_a_poll_run_without_secrets()
    {
        await using var app = await TestApp.StartAsync(azurite);
        Seed(app.Tenant(), app.Clock.GetUtcNow());

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);

        var rows = await app.RowsAsync("TokenState");
        // Beside the token rows, the tenant's head row (the poll's summary) shares their prefix.
        var tokens = rows.Where(r =>
                r.RowKey.StartsWith("token|", StringComparison.Ordinal) && r.RowKey != "token|!head"
            )
            .ToList();
        Assert.Equal(["ade-1", "apns", "vpp-1"], tokens.Select(r => r.GetString("TokenId")).Order());
        Assert.Equal("Main ABM", tokens.Single(r => r.GetString("Kind") == "ade").GetString("Name"));
        Assert.Equal(
            app.Clock.GetUtcNow().AddDays(12),
            tokens.Single(r => r.GetString("Kind") == "vpp").GetDateTimeOffset("ExpiresAt")
        );
        var run = Assert.Single(rows, r => r.RowKey.StartsWith("run|", StringComparison.Ordinal));
        Assert.True(run.GetBoolean("Succeeded"));
        Assert.Equal(3, run.GetInt32("TokenCount"));
        var stored = string.Join("\n", rows.SelectMany(r => r.Select(p => p.Value)).Select(v => v?.ToString()));
        Assert.DoesNotContain("c2ltdWxhdGVkLXZwcC1zZWNyZXQ=", stored); // the VPP token itself
        Assert.DoesNotContain("LS0tLS1CRUdJTi", stored); // the APNs certificate itself
    }

    [Fact]
    public async Task EvaluateAlerts_twice_with_nothing_new_sends_exactly_one_email()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        app.Tenant().AdeTokens[0].LastSyncErrorCode = 3;

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var mail = Assert.Single(sendGrid.Requests);
        Assert.Equal("Bearer SG.test-key-not-secret", mail.Authorization);
        Assert.Equal(
            "[TokenWatch] CRITICAL · Tenant 1 · ADE token \"Main ABM\" sync error (code 3, often terms not "
                + "accepted) +1 more",
            mail.Subject
        );
        Assert.Equal(["admins@contoso.example"], mail.Recipients);
        Assert.Contains("Main ABM", mail.Html);
        Assert.Contains(
            "a user with the Administrator role signs in and accepts them",
            System.Text.RegularExpressions.Regex.Replace(mail.Text, @"\s+", " ")
        );
        Assert.Contains("Apps and Books", mail.Text); // the VPP token inside the 30-day window
        var ledger = (
            await app
                .Services.GetRequiredService<IAlertLedgerStore>()
                .LoadAsync(app.TenantIds[0], CancellationToken.None)
        ).Ledger;
        Assert.Equal(
            ["ade:ade-1|sync-error", "vpp:vpp-1|expiring"],
            ledger.Tokens.SelectMany(t => t.Value.Alerts.Keys.Select(c => $"{t.Key}|{c}")).Order()
        );
    }

    [Fact]
    public async Task A_failed_send_stays_in_the_outbox_and_is_sent_by_the_next_evaluation()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        sendGrid.Respond(503, "{\"errors\":[{\"message\":\"try later\"}]}");

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        var pending = Assert.Single(await app.RowsAsync("TokenState"), r =>
            r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
        );
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        Assert.Equal("Pending", pending.GetString("Status"));
        Assert.Contains("503", pending.GetString("LastError"));
        Assert.Equal([503, 202], sendGrid.Requests.Select(r => r.Status));
        var sent = Assert.Single(await app.RowsAsync("TokenState"), r =>
            r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
        );
        Assert.Equal("Sent", sent.GetString("Status"));
    }

    [Fact]
    public async Task Without_a_SendGrid_key_the_email_is_written_to_the_outbox_as_eml_and_html()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-outbox-" + Guid.NewGuid());
        await using var app = await TestApp.StartAsync(azurite, outbox: outbox);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        app.Tenant().VppTokens[0].State = "invalid";

        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var eml = Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        var html = Assert.Single(Directory.GetFiles(outbox, "*.html"));
        var message = await MimeKit.MimeMessage.LoadAsync(eml);
        // Only the invalid state: a token in error gets no expiry countdown mail (inhibition).
        Assert.Equal("[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid", message.Subject);
        Assert.Contains("Apps and Books", message.TextBody);
        Assert.Contains("Apps and Books", message.HtmlBody);
        Assert.Equal(message.HtmlBody, await File.ReadAllTextAsync(html));
        Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public async Task A_failed_poll_keeps_the_last_good_state_instead_of_replacing_it()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        Seed(app.Tenant(), app.Clock.GetUtcNow());
        app.Tenant().VppTokens[0].State = "invalid";
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        app.Tenant().VppTokens.Clear();
        app.Tenant().AddFault(SimulatedEndpoint.Vpp, new SimulatedFault(500), times: 10);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);

        var rows = await app.RowsAsync("TokenState");
        var vpp = Assert.Single(rows, r => r.GetString("Kind") == "vpp");
        Assert.Equal("invalid", vpp.GetString("State"));
        Assert.Equal(TestApp.Start, vpp.GetDateTimeOffset("ObservedAt"));
        Assert.Single(sendGrid.Requests); // no "recovered" because the token could not be read
    }
}
