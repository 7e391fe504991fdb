using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Retention;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Channels;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Unattended;

/// <summary>
/// Issue 16, item 1: the clean-up deletes history, polls and digests past their retention in bounded runs, and never
/// the ledger, a token, the newest poll, the history of a token with an open alert, or a digest still to send.
/// Retention is shortened (30 days, successful polls 2) so that forty simulated days show all of it.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class RetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_clean_up_deletes_only_what_retention_lets_go_in_runs_of_bounded_size()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Retention:Days"] = "30";
            s["TokenWatch:Retention:SucceededPollDays"] = "2";
            s["TokenWatch:Retention:MaxDeletesPerRun"] = "100";
        });
        var start = app.Clock.GetUtcNow();
        var tenant = app.Tenant().OneOfEach(start);
        tenant.AdeTokens[0].LastSyncErrorCode = 3; // open from the first poll to the last: its history stays
        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        for (var halfDay = 0; halfDay < 80; halfDay++)
        {
            if (halfDay % 10 == 0)
            {
                // renewed: a history row
                tenant.VppTokens[0].ExpirationDateTime = app.Clock.GetUtcNow().AddDays(300 + halfDay);
            }

            sendGrid.Outage = halfDay >= 78 ? 503 : null; // the last reminder stays pending
            await poll.RunAsync(CancellationToken.None);
            await evaluation.RunAsync(CancellationToken.None);
            app.Clock.Advance(TimeSpan.FromHours(12));
        }

        await poll.RunAsync(CancellationToken.None); // a poll no evaluation has folded in yet
        var before = await app.RowsAsync(TableStorage.TokenStateTable);
        var retention = app.Services.GetRequiredService<RetentionService>();

        var first = await retention.RunAsync(CancellationToken.None);
        var second = await retention.RunAsync(CancellationToken.None);
        var third = await retention.RunAsync(CancellationToken.None);

        Assert.Equal(100, first.Deleted);
        Assert.True(second.Deleted > 0, $"second run deleted {second.Deleted}");
        Assert.Equal(0, third.Deleted);
        var now = app.Clock.GetUtcNow();
        var state = await app.RowsAsync(TableStorage.TokenStateTable);
        Assert.Equal(state.Count, third.RowsOf(TableStorage.TokenStateTable));
        Assert.Equal(before.Count - first.Deleted - second.Deleted, state.Count);

        // Kept: the ledger, the tokens and head, the open alert's whole history, the polls of the last 2 days.
        Assert.Single(state, r => r.RowKey == "ledger");
        Assert.Equal(4, state.Count(r => r.RowKey.StartsWith("token|", StringComparison.Ordinal)));
        var history = state.Where(r => r.RowKey.StartsWith("hist|", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            before.Count(r =>
                r.RowKey.StartsWith("hist|", StringComparison.Ordinal) && r.GetString("TokenKey") == "ade:ade-1"
            ),
            history.Count(r => r.GetString("TokenKey") == "ade:ade-1")
        );
        Assert.Contains(history, r => r.GetString("TokenKey") == "ade:ade-1" && r.GetDateTimeOffset("At") == start);
        Assert.DoesNotContain(history, r =>
            r.GetString("TokenKey") != "ade:ade-1" && r.GetDateTimeOffset("At") < now.AddDays(-30)
        );
        var runs = state.Where(r => r.RowKey.StartsWith("run|", StringComparison.Ordinal)).ToList();
        Assert.All(runs, r =>
            Assert.True(
                r.GetDateTimeOffset("StartedAt") >= now.AddDays(-2),
                $"run of {r.GetDateTimeOffset("StartedAt"):O} kept"
            )
        );
        Assert.Equal(
            before
                .Where(r => r.RowKey.StartsWith("run|", StringComparison.Ordinal))
                .Max(r => r.GetDateTimeOffset("StartedAt")),
            runs.Max(r => r.GetDateTimeOffset("StartedAt"))
        );

        // Digests: the old sent ones went; the pending one stays, however old it gets.
        var outbox = state.Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).ToList();
        Assert.Single(outbox, r => r.GetString("Status") == nameof(OutboxStatus.Pending));
        Assert.DoesNotContain(outbox, r => r.GetDateTimeOffset("CreatedAt") < now.AddDays(-30));
        app.Clock.Advance(TimeSpan.FromDays(60));
        await retention.RunAsync(CancellationToken.None);
        Assert.Single(await app.RowsAsync(TableStorage.TokenStateTable), r =>
            r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
            && r.GetString("Status") == nameof(OutboxStatus.Pending)
        );
        Assert.Contains(await app.RowsAsync(TableStorage.TokenStateTable), r =>
            r.GetString("TokenKey") == "ade:ade-1" && r.GetDateTimeOffset("At") == start
        );
    }

    [Fact]
    public async Task A_digest_a_channel_still_owes_stays_however_old_though_its_email_went_out()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var teams = await FakeEndpoint.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Retention:Days"] = "30";
            ChannelSettings.Teams(s, teams.Url);
        });
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        teams.Respond(503, "Teams is down", times: 100);
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        await app.Services.GetRequiredService<EvaluationService>().RunAsync(CancellationToken.None);

        app.Clock.Advance(TimeSpan.FromDays(60));
        var pruned = await app.Services.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);

        Assert.Single(sendGrid.Accepted);
        var digest = Assert.Single(await app.RowsAsync(TableStorage.TokenStateTable), r =>
            r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)
        );
        Assert.Equal(nameof(OutboxStatus.Pending), digest.GetString("Status"));
        var channels = AlertJson.DeserializeChannels(digest.GetString("Channels")!);
        Assert.Equal(OutboxStatus.Sent, channels[Core.Notifications.DeliveryChannel.Email].Status);
        Assert.Equal(OutboxStatus.Pending, channels[Core.Notifications.DeliveryChannel.Teams].Status);
        Assert.Equal(0, pruned.FailedTenants);
    }
}
