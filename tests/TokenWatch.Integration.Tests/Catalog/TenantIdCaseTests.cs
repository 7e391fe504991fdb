using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// A tenant id whose case changes (a catalog exported, edited in a spreadsheet, imported) keeps its stored state: a
/// snooze still holds, the history keeps its timeline. Rows stored under the id as an earlier version wrote it (upper
/// case) are still found, and moved into the one canonical partition when first read.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TenantIdCaseTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("case-{0}.example", "CASE-{0}.EXAMPLE", false)]
    [InlineData("CASE-{0}.EXAMPLE", "case-{0}.example", true)]
    public async Task A_snoozed_critical_alert_stays_snoozed_and_the_history_whole_after_an_import_changes_the_id_case(
        string addedAs,
        string importedAs,
        bool storedAsWritten
    )
    {
        // Tests share one Azurite: an id of this run's own, in digits, so that only the letters around it change case.
        var run = Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var (added, imported) = (addedAs.Replace("{0}", run), importedAs.Replace("{0}", run));
        await using var sendGrid = await FakeSendGrid.StartAsync();
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, sendGridUrl: sendGrid.Url, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        app.Intune.AddTenant(added).OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        Assert.Equal(0, (await cli.RunAsync("tenants", "add", added, "--name", "Case X")).ExitCode);
        await CycleAsync(app);
        var ledgers = app.Services.GetRequiredService<TableAlertLedgerStore>();
        var now = app.Clock.GetUtcNow();
        await ledgers.UpdateAsync(
            added,
            l => l.WithSnooze("vpp:vpp-1", new Snooze(now.AddDays(30), "new token ordered", now)),
            CancellationToken.None
        );
        if (storedAsWritten)
        {
            await MovePartitionAsync(app, added.ToLowerInvariant(), added); // as a version before one form wrote it
        }

        var exported = (await cli.RunAsync("tenants", "export")).Out;
        var edited = exported.Replace(added, imported, StringComparison.Ordinal);
        var import = await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(edited));
        app.Clock.Advance(TimeSpan.FromHours(25));
        await CycleAsync(app);
        var history = await ledgers.ReadOutboxAsync(imported, now.AddDays(-1), CancellationToken.None);

        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains(imported, (await cli.RunAsync("tenants", "list")).Out, StringComparison.Ordinal);
        Assert.Equal(
            ["[TokenWatch] CRITICAL · Case X · VPP token \"Apps and Books\" state invalid"],
            sendGrid.Requests.Select(r => r.Subject)
        );
        Assert.Equal(["Sent", "Snoozed"], history.Select(e => e.Status.ToString()));
        Assert.Contains("vpp:vpp-1", (await ledgers.LoadAsync(imported, CancellationToken.None)).Ledger.Snoozes.Keys);
    }

    private static async Task CycleAsync(TestApp app)
    {
        await app.Poll.RunAsync(CancellationToken.None);
        await app.Services.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None);
    }

    private static async Task MovePartitionAsync(TestApp app, string from, string to)
    {
        var client = new TableClient(app.StorageConnectionString, TableStorage.TokenStateTable);
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == from))
        {
            var copy = new TableEntity(row) { PartitionKey = to, ETag = default };
            await client.AddEntityAsync(copy);
            await client.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }
}
