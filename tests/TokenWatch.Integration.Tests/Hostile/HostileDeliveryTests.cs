using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Reliability;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// Delivery against a SendGrid (and an outbox) that misbehaves: a redirect is never a delivery and never carries
/// the email elsewhere, a digest too large for one message goes out in parts instead of being dropped, and a failure
/// that is not SendGrid's releases the digest and is reported as failed.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class HostileDeliveryTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private static readonly Microsoft.Azure.Functions.Worker.TimerInfo Timer = new();

    private static async Task<IReadOnlyList<TenantEvaluation>> CycleAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        return await app.Services.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None);
    }

    private static async Task<OutboxEntry> OutboxAsync(TestApp app) =>
        Assert.Single(
            await app
                .Services.GetRequiredService<TableAlertLedgerStore>()
                .ReadOutboxAsync(app.TenantIds[0], DateTimeOffset.MinValue, CancellationToken.None)
        );

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_from_SendGrid_is_not_a_delivery_and_the_email_goes_nowhere_else(int status)
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var elsewhere = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        sendGrid.Respond(
            status,
            headers: new Dictionary<string, string> { ["Location"] = elsewhere.Url + "/v3/mail/send" }
        );

        var result = Assert.Single(await CycleAsync(app));

        Assert.Null(result.Email);
        Assert.Contains($"SendGrid answered with a redirect ({status} to {elsewhere.Url})", result.Error);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(0, elsewhere.Gets);
        var pending = await OutboxAsync(app);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Null(pending.LeaseUntil);

        // SendGrid itself answers again: the digest goes out with the next evaluation, once.
        app.Clock.Advance(TimeSpan.FromHours(1));
        var next = Assert.Single(await CycleAsync(app));
        Assert.NotNull(next.Email);
        var delivered = Assert.Single(sendGrid.Accepted);
        Assert.Contains("invalid", delivered.Subject);
    }

    [Fact]
    public async Task A_SendGrid_that_never_answers_is_given_up_on_after_the_send_timeout_and_the_digest_stays_pending()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            s["TokenWatch:Email:SendTimeoutSeconds"] = "1"
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        sendGrid.Respond(FakeSendGrid.Silent);

        // A bound for a hung test, not a timing assertion: without a send timeout the client would wait 100 s.
        var result = Assert.Single(await CycleAsync(app).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Null(result.Email);
        Assert.Equal("SendGrid did not answer in time.", result.Error);
        var pending = await OutboxAsync(app);
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Null(pending.LeaseUntil);
    }

    [Fact]
    public async Task A_digest_SendGrid_refuses_as_too_large_goes_out_in_parts_instead_of_being_dropped()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url);
        var tenant = app.Tenant();
        tenant.OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        tenant.AdeTokens[0].LastSyncErrorCode = 3;
        sendGrid.Respond(413, """{"errors":[{"message":"Request entity too large"}]}""");

        var result = Assert.Single(await CycleAsync(app));

        Assert.Null(result.Error);
        Assert.Equal(413, sendGrid.Requests.First().Status);
        var parts = sendGrid.Accepted;
        Assert.Equal(2, parts.Count);
        Assert.StartsWith("[1/2] ", parts[0].Subject);
        Assert.StartsWith("[2/2] ", parts[1].Subject);
        Assert.Single(parts, p => p.Text.Contains("Main ABM", StringComparison.Ordinal));
        Assert.Single(parts, p => p.Text.Contains("Apps and Books", StringComparison.Ordinal));
        Assert.Equal(OutboxStatus.Sent, (await OutboxAsync(app)).Status);
    }

    [Fact]
    public async Task A_digest_above_the_size_bound_is_sent_in_parts_each_within_it_and_covering_every_token()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            s["TokenWatch:Alerts:MaxDigestKilobytes"] = "64"
        );
        var tenant = app.Tenant();
        var now = app.Clock.GetUtcNow();
        tenant.OneOfEach(now);
        for (var i = 1; i <= 40; i++)
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

        var result = Assert.Single(await CycleAsync(app));

        Assert.Null(result.Error);
        var parts = sendGrid.Accepted;
        Assert.InRange(parts.Count, 2, 20); // several events a part, not one email per event
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.StartsWith($"[{i + 1}/{parts.Count}] ", parts[i].Subject);
            Assert.InRange(Encoding.UTF8.GetByteCount(parts[i].Subject + parts[i].Html + parts[i].Text), 1, 64 * 1024);
        }

        for (var i = 1; i <= 40; i++)
        {
            var name = $"\"Location {i:D2}\"";
            Assert.Single(parts, p => p.Text.Contains(name, StringComparison.Ordinal));
        }

        Assert.Equal(OutboxStatus.Sent, (await OutboxAsync(app)).Status);
        var bytes = parts.Sum(p => Encoding.UTF8.GetByteCount(p.Subject + p.Html + p.Text));
        report.Line(
            output,
            $"digest in parts: 41 events, {bytes / 1024} KB of email in all, sent as {parts.Count} parts within "
                + "the 64 KB bound"
        );
    }

    [Fact]
    public async Task An_outbox_folder_that_cannot_be_written_releases_the_digest_and_run_fails_every_time()
    {
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        intune.AddTenant("contoso").OneOfEach(DateTimeOffset.UtcNow, vppState: "invalid");
        var blocker = Path.Combine(Path.GetTempPath(), $"tokenwatch-not-a-folder-{Guid.NewGuid()}");
        await File.WriteAllTextAsync(blocker, "a file where the outbox folder should be");
        var config = Path.Combine(Path.GetTempPath(), $"tokenwatch-run-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(
                new
                {
                    TokenWatch = new
                    {
                        Graph = new
                        {
                            BaseUrl = intune.BaseUrl + "/tenants/{tenantId}",
                            Auth = "None",
                            RetryDelaySeconds = 0,
                        },
                        Tenants = new[] { new { TenantId = "contoso", DisplayName = "Contoso" } },
                        Email = new
                        {
                            From = "tokenwatch@contoso.example",
                            Recipients = new[] { "admins@contoso.example" },
                            OutboxPath = Path.Combine(blocker, "outbox"),
                        },
                        Storage = new { ConnectionString = azurite.ConnectionString },
                    },
                }
            )
        );
        try
        {
            for (var run = 1; run <= 2; run++)
            {
                var stdout = new StringWriter();
                var code = await TokenWatchCli.RunAsync(
                    ["run", "--config", config],
                    stdout,
                    new StringWriter(),
                    CancellationToken.None
                );

                Assert.True(code == 3, $"run {run}: exit {code}: {stdout}");
                Assert.Contains("1 evaluations failed", stdout.ToString());
            }

            var store = new TableAlertLedgerStore(
                new TableStorage(
                    Microsoft.Extensions.Options.Options.Create(
                        new Infrastructure.Configuration.TokenWatchOptions
                        {
                            Storage = new() { ConnectionString = azurite.ConnectionString },
                        }
                    )
                )
            );
            var entry = Assert.Single(
                await store.ReadOutboxAsync("contoso", DateTimeOffset.MinValue, CancellationToken.None)
            );
            Assert.Equal(OutboxStatus.Pending, entry.Status);
            Assert.Null(entry.LeaseUntil);
            Assert.Contains("Delivery failed before the provider accepted the email", entry.LastError);
            Assert.Equal(2, entry.Attempts);
        }
        finally
        {
            File.Delete(config);
            File.Delete(blocker);
        }
    }
}
