using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Upgrade;

/// <summary>
/// Issue 16, item 4: the rows an installed TokenWatch wrote before schema versions (a stored sample from main, see
/// <see cref="UpgradeSample"/>) are put into storage and the new version takes over: what was sent is not sent again,
/// the digest left pending goes out once, and every open alert is still open, its reminder on time.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class UpgradeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Old_version_rows_are_evaluated_after_the_upgrade_with_nothing_sent_twice_and_no_alert_forgotten()
    {
        var sample = StoredRows.Deserialize(await File.ReadAllTextAsync(UpgradeSample.Path));
        Assert.All(sample.Rows, r => Assert.DoesNotContain(StorageSchema.Property, r.Properties.Keys));
        await StoredRows.WriteAsync(azurite.ConnectionString, sample.Rows);
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, sendGridUrl: sendGrid.Url, configure: s =>
        {
            for (var i = 0; i < UpgradeSample.TenantIds.Length; i++)
            {
                s[$"TokenWatch:Tenants:{i}:TenantId"] = UpgradeSample.TenantIds[i];
                s[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Sample {i + 1}";
            }
        });
        foreach (var id in UpgradeSample.TenantIds)
        {
            app.Intune.AddTenant(id);
        }

        UpgradeSample.Tokens(app.Intune, TestApp.Start);
        UpgradeSample.AtEnd(app.Intune);
        var ledgers = app.Services.GetRequiredService<TableAlertLedgerStore>();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        var openBefore = new Dictionary<string, List<string>>();
        string pendingDigest = "";
        foreach (var id in UpgradeSample.TenantIds)
        {
            var outbox = await ledgers.ReadOutboxAsync(id, DateTimeOffset.MinValue, CancellationToken.None);
            sent.UnionWith(
                outbox
                    .Where(d => d.Status == OutboxStatus.Sent)
                    .SelectMany(d => d.Events.Select(e => EventIdentity.Of(id, e)))
            );
            pendingDigest = outbox.SingleOrDefault(d => d.Status == OutboxStatus.Pending)?.DigestId ?? pendingDigest;
            openBefore[id] = OpenAlerts((await ledgers.LoadAsync(id, CancellationToken.None)).Ledger);
        }

        Assert.Equal(7, sent.Count);
        Assert.NotEmpty(pendingDigest);
        Assert.Equal(["ade:ade-1 sync-error", "vpp:vpp-1 expiring"], openBefore[UpgradeSample.TenantIds[0]]);

        // The upgraded version polls and evaluates an hour after the sample was taken.
        app.Clock.Advance(sample.TakenAt - TestApp.Start + TimeSpan.FromHours(1));
        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        await poll.RunAsync(CancellationToken.None);
        var results = await evaluation.EvaluateEachAsync(CancellationToken.None);

        Assert.All(results, r => Assert.Null(r.Error));
        var mail = Assert.Single(sendGrid.Accepted);
        Assert.Equal(pendingDigest, mail.CustomArgs["digest_id"]);
        var delivered = (
            await ledgers.ReadOutboxAsync(UpgradeSample.TenantIds[1], DateTimeOffset.MinValue, CancellationToken.None)
        ).Single(d => d.DigestId == pendingDigest);
        Assert.Equal(OutboxStatus.Sent, delivered.Status);
        Assert.DoesNotContain(delivered.Events, e => sent.Contains(EventIdentity.Of(UpgradeSample.TenantIds[1], e)));
        foreach (var id in UpgradeSample.TenantIds)
        {
            var ledger = (await ledgers.LoadAsync(id, CancellationToken.None)).Ledger;
            Assert.Equal(openBefore[id], OpenAlerts(ledger));
        }

        var snoozed = (await ledgers.LoadAsync(UpgradeSample.TenantIds[0], CancellationToken.None)).Ledger.Snoozes;
        Assert.Equal("renewal booked", snoozed["apns:apns"].Reason);

        // A day after its last reminder, the ADE sync error of tenant 1 is reminded: once, and nothing else is sent.
        app.Clock.Advance(TimeSpan.FromHours(22) + TimeSpan.FromMinutes(5));
        await poll.RunAsync(CancellationToken.None);
        results = await evaluation.EvaluateEachAsync(CancellationToken.None);
        var reminder = Assert.Single(results.SelectMany(r => r.Events.Select(e => (r.TenantId, Event: e))));
        Assert.Equal(
            (UpgradeSample.TenantIds[0], AlertEventKind.Reminder, "ade:ade-1"),
            (reminder.TenantId, reminder.Event.Kind, reminder.Event.Token?.Key)
        );
        Assert.Equal(2, sendGrid.Accepted.Count);

        // The ledger moved beside the tenant's polls (schema version 3) and is written in the current version there.
        var ledgerRow = Assert.Single(
            await RowsAsync(app, TableStorage.TokenStateTable, UpgradeSample.TenantIds[0]),
            r => r.RowKey == "ledger"
        );
        Assert.Equal(StorageSchema.Current, StorageSchema.Of(ledgerRow));
    }

    private static List<string> OpenAlerts(AlertLedger ledger) =>
        ledger
            .Tokens.SelectMany(t => t.Value.Alerts.Keys.Select(code => $"{t.Key} {code}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<List<Azure.Data.Tables.TableEntity>> RowsAsync(TestApp app, string table, string tenantId)
    {
        var client = new Azure.Data.Tables.TableClient(app.StorageConnectionString, table);
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in client.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == tenantId))
        {
            rows.Add(row);
        }

        return rows;
    }
}
