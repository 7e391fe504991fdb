using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>
/// The token history the poll writes into the tenant's <c>TokenState</c> partition, and what an evaluation reads back.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TokenHistoryTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    private static async Task PollAsync(TestApp app)
    {
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_poll_writes_a_history_row_only_when_a_token_was_added_changed_or_removed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());

        await PollAsync(app);
        await PollAsync(app);
        app.Tenant().VppTokens[0].State = "invalid";
        await PollAsync(app);
        app.Tenant().VppTokens.Clear();
        await PollAsync(app);
        app.Tenant().AddFault(SimulatedEndpoint.Ade, new SimulatedFault(500), times: 5);
        app.Tenant().AdeTokens.Clear();
        await PollAsync(app);

        var rows = await app.RowsAsync("TokenState");
        var runIds = rows.Where(r => r.RowKey.StartsWith("run|", StringComparison.Ordinal))
            .Select(r => r.RowKey["run|".Length..])
            .ToHashSet();
        var history = rows.Where(r => r.RowKey.StartsWith("hist|", StringComparison.Ordinal))
            .OrderBy(r => r.GetDateTimeOffset("At"))
            .ThenBy(r => r.GetString("TokenKey"))
            .Select(r => (r.GetDateTimeOffset("At"), r.GetString("TokenKey"), r.GetString("Change")))
            .ToList();
        Assert.Equal(5, runIds.Count);
        Assert.Equal(
            [
                (TestApp.Start, "ade:ade-1", "added"),
                (TestApp.Start, "apns:apns", "added"),
                (TestApp.Start, "vpp:vpp-1", "added"),
                (TestApp.Start.AddHours(2), "vpp:vpp-1", "changed"),
                // Intune's 12-hourly sync at noon moved its last sync
                (TestApp.Start.AddHours(3), "ade:ade-1", "changed"),
                (TestApp.Start.AddHours(3), "vpp:vpp-1", "removed"),
            ],
            history
        );
        Assert.All(rows.Where(r => r.RowKey.StartsWith("hist|", StringComparison.Ordinal)), r =>
            Assert.Contains(r.GetString("RunId"), runIds)
        );
        var changes = await app
            .Services.GetRequiredService<TableTokenStateStore>()
            .ReadChangesAsync(app.TenantIds[0], TestApp.Start, "vpp:vpp-1", CancellationToken.None);
        Assert.Equal(["valid", "invalid", null], changes.Select(c => c.Observation?.State));
    }

    [Fact]
    public async Task Ids_with_key_characters_stay_in_their_row_and_keep_their_history()
    {
        const string hostile = "a/b#c?d\\e|f%25'g\u0001";
        await using var app = await TestApp.StartAsync(azurite);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), adeId: hostile);

        await PollAsync(app);
        app.Tenant().AdeTokens[0].LastSyncErrorCode = 3;
        await PollAsync(app);

        var changes = await app
            .Services.GetRequiredService<TableTokenStateStore>()
            .ReadChangesAsync(app.TenantIds[0], TestApp.Start, $"ade:{hostile}", CancellationToken.None);
        Assert.Equal(
            [("added", 0), ("changed", 3)],
            changes.Select(c => (c.Change, c.Observation!.SyncErrorCode ?? -1))
        );
        Assert.Equal(hostile, changes[0].Observation!.Id);
        Assert.All(await app.RowsAsync("TokenState"), r =>
            Assert.DoesNotContain(r.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
        );
    }

    [Fact]
    public async Task An_evaluation_reads_back_only_the_polls_after_its_watermark()
    {
        await using var app = await TestApp.StartAsync(azurite);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        var history = app.Services.GetRequiredService<IPollHistory>();
        var ledgers = app.Services.GetRequiredService<IAlertLedgerStore>();
        await PollAsync(app);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
        var watermark = (await ledgers.LoadAsync(app.TenantIds[0], CancellationToken.None)).Ledger.Watermark;

        var nothingNew = await history.LoadSinceAsync(app.TenantIds[0], watermark, CancellationToken.None);
        app.Tenant().VppTokens[0].State = "invalid";
        await PollAsync(app);
        await PollAsync(app);
        var twoPolls = await history.LoadSinceAsync(app.TenantIds[0], watermark, CancellationToken.None);

        Assert.Equal(TestApp.Start, watermark!.At);
        Assert.Empty(nothingNew.Polls);
        Assert.Equal([TestApp.Start.AddHours(1), TestApp.Start.AddHours(2)], twoPolls.Polls.Select(p => p.At));
        Assert.Equal(["vpp:vpp-1"], twoPolls.Polls[0].Changes.Select(c => c.TokenKey));
        Assert.Equal("invalid", twoPolls.Polls[0].Changes[0].Observation!.State);
        Assert.Empty(twoPolls.Polls[1].Changes);
    }
}
