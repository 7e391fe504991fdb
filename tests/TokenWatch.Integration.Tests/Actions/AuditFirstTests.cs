using System.Net;
using TokenWatch.Core.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// An action writes its audit row before it silences anything in the ledger, so a process that dies between the two
/// writes leaves at worst an audit of a silence that did not happen, never a silence nobody can see. The death is a
/// proxy in front of Azurite that drops every write after a given number.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class AuditFirstTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_crash_between_the_audit_and_the_ledger_never_leaves_a_silence_without_its_audit()
    {
        await using var proxy = await StorageProxy.StartAsync(azurite.ConnectionString);
        await using var site = await ActionSite.StartAsync(azurite, storage: proxy.ConnectionString);
        var tenant = site.App.Tenant().OneOfEach(site.App.Clock.GetUtcNow());
        await site.CycleAsync(TimeSpan.Zero);
        tenant.VppTokens[0].State = "invalid";
        await site.CycleAsync(TimeSpan.FromHours(1));
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel);
        var form = ActionSite.Form((await site.GetAsync(link)).Html, "renewal booked", "30");

        // Storage gone before the first write: nothing is written, neither the audit nor the silence.
        proxy.CutAfterWrites(0);
        var noWrite = await site.PostAsync(link, form);
        proxy.Heal();
        Assert.Equal(HttpStatusCode.InternalServerError, noWrite.Status);
        Assert.Empty(await site.AuditAsync());
        Assert.Empty((await site.LedgerAsync()).Ledger.Snoozes);

        // Storage gone after the first write: that one was the audit's; the ledger was never silenced.
        proxy.CutAfterWrites(1);
        var oneWrite = await site.PostAsync(link, form);
        proxy.Heal();
        Assert.Equal(HttpStatusCode.InternalServerError, oneWrite.Status);
        Assert.True(proxy.Dropped >= 2, $"{proxy.Dropped} writes dropped");
        var entry = Assert.Single(await site.AuditAsync());
        Assert.Equal((AuditedAction.Snooze, "renewal booked"), (entry.Action, entry.Reason));
        Assert.Empty((await site.LedgerAsync()).Ledger.Snoozes);

        // With nothing silenced, the reminder a day later goes out as usual.
        var written = site.Written().Length;
        await site.CycleAsync(TimeSpan.FromHours(25));
        Assert.True(site.Written().Length > written, "the reminder was not sent");
        Assert.Contains("still in state invalid", site.NewestEmail());
    }
}
