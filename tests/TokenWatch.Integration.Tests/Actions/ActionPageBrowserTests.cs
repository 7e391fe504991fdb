using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Integration.Tests.Email;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// The action page in a real browser: headless Chromium opens the Snooze… link of a digest email that a real poll and
/// evaluation wrote to the outbox, types a reason, picks 7 days and presses the page's button (the browser posts the
/// form, hidden fields and all); then the next evaluations, the audit and the next digest are read.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ActionPageBrowserTests(AzuriteFixture azurite)
{
    private const string Vpp = "vpp:vpp-1";
    private const string Reason = "renewal booked, ticket 4711";

    [ChromiumFact]
    public async Task Snoozing_in_the_browser_silences_every_channel_and_the_next_digest_says_who_and_why()
    {
        await using var site = await ActionSite.StartAsync(azurite);
        var tenant = site.App.Tenant().OneOfEach(site.App.Clock.GetUtcNow());
        await site.CycleAsync(TimeSpan.Zero);
        tenant.VppTokens[0].State = "invalid";
        await site.CycleAsync(TimeSpan.FromHours(1));
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel);
        var stored = await site.LedgerAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();

        // Opening the link (as a mail scanner would) shows the alert and changes nothing stored.
        var opened = await page.GoToAsync(link);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Equal("Snooze: VPP token \"Apps and Books\"", await TextAsync(page, "h1"));
        Assert.Equal(stored.Version, (await site.LedgerAsync()).Version);
        Assert.Empty((await site.LedgerAsync()).Ledger.Snoozes);
        Assert.Empty(await site.AuditAsync());

        await page.TypeAsync("#reason", Reason);
        await page.ClickAsync("input[name=choice][value='7']");
        var navigation = page.WaitForNavigationAsync();
        await page.ClickAsync("#act");
        var posted = await navigation;
        var until = site.App.Clock.GetUtcNow().AddDays(7);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Contains($"is snoozed until {Words.Day(until)}", await TextAsync(page, "#done"));
        var entry = Assert.Single(await site.AuditAsync());
        Assert.Equal(
            (AuditedAction.Snooze, Vpp, Reason, until),
            (entry.Action, entry.TokenKey, entry.Reason, entry.Until)
        );
        Assert.Equal($"the holder of the link from digest {entry.DigestId}", entry.By);
        Assert.Equal(until, (await site.LedgerAsync()).Ledger.Snoozes[Vpp].Until);

        // A day later the VPP reminder is due: the evaluation holds it, and no channel gets anything.
        var written = site.Written();
        var next = await NextEvaluationAsync(site, TimeSpan.FromHours(25));
        Assert.Contains(next.Snoozed, e => e.Kind == AlertEventKind.Reminder && e.Token?.Key == Vpp);
        Assert.DoesNotContain(next.Events, e => e.Token?.Key == Vpp);
        Assert.Null(next.Email);
        Assert.Equal(written, site.Written());

        // Another token's trouble: that digest goes out on every channel and says who silenced the VPP token, why.
        tenant.AdeTokens[0].LastSyncErrorCode = 3;
        tenant.AdeTokens[0].LastSyncTriggeredDateTime = site.App.Clock.GetUtcNow().AddMinutes(-30);
        var digest = await NextEvaluationAsync(site, TimeSpan.FromHours(1));
        Assert.DoesNotContain(digest.Events, e => e.Token?.Key == Vpp);
        var line = $"VPP token \"Apps and Books\": snoozed until {Words.Day(until)} by {entry.By}: {Reason}";
        Assert.Contains(line, new HtmlParser().ParseDocument(site.NewestEmail()).Body!.TextContent);
        // The plain-text part wraps long lines: compared with its white space run together.
        Assert.Contains(line, Regex.Replace(digest.Email!.Text, @"\s+", " "));
        Assert.Equal([DeliveryChannel.Email, DeliveryChannel.Teams, DeliveryChannel.Webhook], digest.Delivered.Order());
    }

    private static Task<string> TextAsync(PuppeteerSharp.IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent.trim()", selector);

    /// <summary>A poll and an evaluation after <paramref name="after"/>: what the evaluation did.</summary>
    private static async Task<TenantEvaluation> NextEvaluationAsync(ActionSite site, TimeSpan after)
    {
        site.App.Clock.Advance(after);
        await site.App.Poll.RunAsync(CancellationToken.None);
        var results = new List<TenantEvaluation>();
        await site
            .App.Services.GetRequiredService<EvaluationService>()
            .RunAsync(r => results.Add(r), CancellationToken.None);
        return Assert.Single(results);
    }
}
