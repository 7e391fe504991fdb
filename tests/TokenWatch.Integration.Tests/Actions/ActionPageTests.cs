using System.Net;
using AngleSharp.Html.Parser;
using TokenWatch.Core.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// The action page as an admin meets it: the link in a real digest email, the page it opens, the form it posts,
/// and what the next evaluations send (or do not) on every channel; then each refusal, and the rate limit.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ActionPageTests(AzuriteFixture azurite)
{
    private static async Task InvalidVppAsync(ActionSite site, string? name = null)
    {
        var tenant = site.App.Tenant().OneOfEach(site.App.Clock.GetUtcNow());
        tenant.VppTokens[0].DisplayName = name ?? tenant.VppTokens[0].DisplayName;
        await site.CycleAsync(TimeSpan.Zero);
        tenant.VppTokens[0].State = "invalid";
        await site.CycleAsync(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Acknowledging_from_the_email_silences_the_reminders_on_every_channel_and_the_next_digest_says_so()
    {
        await using var site = await ActionSite.StartAsync(azurite);
        await InvalidVppAsync(site);
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.AcknowledgeLabel);

        // A mail scanner opening the link changes nothing.
        var (status, page) = await site.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Apps and Books", page);
        Assert.Empty((await site.LedgerAsync()).Ledger.Snoozes);
        Assert.Empty(await site.AuditAsync());

        var (posted, done) = await site.PostAsync(link, ActionSite.Form(page, "ticket 4711"));
        Assert.Equal(HttpStatusCode.OK, posted);
        Assert.Contains("is acknowledged: no reminders until it changes or recovers", done);

        var entry = Assert.Single(await site.AuditAsync());
        Assert.Equal(
            (AuditedAction.Acknowledge, "vpp:vpp-1", "ticket 4711"),
            (entry.Action, entry.TokenKey, entry.Reason)
        );
        Assert.StartsWith("the holder of the link from digest ", entry.By, StringComparison.Ordinal);

        // A day later the reminder is due: nothing on any channel.
        var before = site.Written();
        await site.CycleAsync(TimeSpan.FromHours(25));
        Assert.Equal(before, site.Written());

        // Another token's trouble: that digest goes out, says who silenced what, and holds no VPP reminder.
        site.App.Tenant().AdeTokens[0].LastSyncErrorCode = 3;
        site.App.Tenant().AdeTokens[0].LastSyncTriggeredDateTime = site.App.Clock.GetUtcNow().AddMinutes(-30);
        await site.CycleAsync(TimeSpan.FromHours(1));
        var next = new HtmlParser().ParseDocument(site.NewestEmail()).Body!.TextContent;
        Assert.Contains("Silenced in this tenant", next);
        Assert.Contains($"VPP token \"Apps and Books\": {entry.Condition} acknowledged by {entry.By}", next);
        Assert.Contains("ticket 4711", next);
        Assert.DoesNotContain("still in state invalid", next);
    }

    [Fact]
    public async Task Each_bad_link_or_form_is_refused_with_a_page_that_names_nothing()
    {
        await using var site = await ActionSite.StartAsync(azurite, tenants: 2);
        await InvalidVppAsync(site);
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel);
        var (_, page) = await site.GetAsync(link);
        var form = ActionSite.Form(page, "renewal booked", "30");
        var tokens = site.Tokens();
        var claim = tokens.Read(Uri.UnescapeDataString(link.Split("?t=")[1]), site.App.Clock.GetUtcNow()).Claim!;

        var tampered = link[..^3] + (link[^3] == 'A' ? 'B' : 'A') + link[^2..];
        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync(tampered)).Status);

        var noFormToken = new Dictionary<string, string>(form);
        noFormToken.Remove("form_token");
        Assert.Equal(HttpStatusCode.Forbidden, (await site.PostAsync(link, noFormToken)).Status);

        var otherTenant = tokens.Sign(claim with { TenantId = site.App.TenantIds[1] });
        var crossTenant = await site.GetAsync(link.Split("?t=")[0] + "?t=" + Uri.EscapeDataString(otherTenant));
        Assert.Equal(HttpStatusCode.Gone, crossTenant.Status);
        var unknown = tokens.Sign(claim with { TenantId = "00000000-0000-4000-8000-00000000dead" });
        var unknownTenant = await site.GetAsync(link.Split("?t=")[0] + "?t=" + Uri.EscapeDataString(unknown));
        Assert.Equal(HttpStatusCode.NotFound, unknownTenant.Status);
        Assert.DoesNotContain(site.App.TenantIds[0], crossTenant.Html + unknownTenant.Html);
        Assert.DoesNotContain("Apps and Books", crossTenant.Html + unknownTenant.Html);

        Assert.Equal(HttpStatusCode.OK, (await site.PostAsync(link, form)).Status);
        var replay = await site.PostAsync(link, form);
        Assert.Equal(HttpStatusCode.Conflict, replay.Status);
        Assert.Contains("already used", replay.Html);
        Assert.Single(await site.AuditAsync());
        Assert.Empty(await site.AuditAsync(1));
        Assert.Empty((await site.LedgerAsync(1)).Ledger.Snoozes);

        site.App.Clock.Advance(TimeSpan.FromDays(15));
        var expired = await site.GetAsync(ActionSite.Link(site.NewestEmail(), ActionLinks.AcknowledgeLabel));
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Contains("has expired", expired.Html);
    }

    [Fact]
    public async Task A_hostile_token_name_is_text_on_the_page()
    {
        await using var site = await ActionSite.StartAsync(azurite);
        await InvalidVppAsync(site, "<script>alert(1)</script><img src=x onerror=alert(2)>");

        var (status, page) = await site.GetAsync(ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel));

        Assert.Equal(HttpStatusCode.OK, status);
        var document = new HtmlParser().ParseDocument(page);
        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.Contains("<script>alert(1)</script>", document.QuerySelector("h1")!.TextContent);

        // The page after the action repeats the name: as text there too.
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel);
        var (posted, done) = await site.PostAsync(link, ActionSite.Form(page, "ticket 4711", "7"));
        Assert.Equal(HttpStatusCode.OK, posted);
        var result = new HtmlParser().ParseDocument(done);
        Assert.Empty(result.QuerySelectorAll("script, img"));
        Assert.Contains("<img src=x onerror=alert(2)>", result.QuerySelector("#done")!.TextContent);
    }

    [Fact]
    public async Task A_form_token_of_another_link_does_not_open_this_one()
    {
        await using var site = await ActionSite.StartAsync(azurite);
        await InvalidVppAsync(site);
        var email = site.NewestEmail();
        var snooze = ActionSite.Link(email, ActionLinks.SnoozeLabel);
        var acknowledge = ActionSite.Link(email, ActionLinks.AcknowledgeLabel);
        var snoozeForm = ActionSite.Form((await site.GetAsync(snooze)).Html, "renewal booked", "90");
        var acknowledgeForm = ActionSite.Form((await site.GetAsync(acknowledge)).Html, "renewal booked");

        snoozeForm["form_token"] = acknowledgeForm["form_token"];
        var (status, html) = await site.PostAsync(snooze, snoozeForm);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("The form was not sent from this page", html);
        Assert.Empty(await site.AuditAsync());
        Assert.Empty((await site.LedgerAsync()).Ledger.Snoozes);
    }

    [Fact]
    public async Task More_requests_than_the_limit_are_refused_until_the_minute_is_over()
    {
        await using var site = await ActionSite.StartAsync(azurite, perMinute: 3);
        await InvalidVppAsync(site);
        var link = ActionSite.Link(site.NewestEmail(), ActionLinks.SnoozeLabel);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await site.GetAsync(link)).Status);
        }

        site.App.Clock.Advance(TimeSpan.FromMinutes(1));
        answers.Add((await site.GetAsync(link)).Status);

        HttpStatusCode[] expected =
        [
            HttpStatusCode.OK,
            HttpStatusCode.OK,
            HttpStatusCode.OK,
            HttpStatusCode.TooManyRequests,
            HttpStatusCode.OK,
        ];
        Assert.Equal(expected, answers);
    }
}
