using System.Text;
using Ical.Net;
using Microsoft.Azure.Functions.Worker;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Renewals;

/// <summary>
/// The weekly renewal calendar through the real app, Azurite and the fake SendGrid: the summary's <c>.ics</c> read
/// back with Ical.Net, one event per renewal on the 30-day milestone, and the same UIDs when it is sent again.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class RenewalCalendarTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Timer = new();

    private static Ical.Net.Calendar Attachment(ReceivedMail mail)
    {
        var attachment = Assert.Single(mail.Body.GetProperty("attachments").EnumerateArray());
        Assert.Equal(
            ("tokenwatch-renewals.ics", "text/calendar; charset=utf-8; method=PUBLISH"),
            (attachment.GetProperty("filename").GetString(), attachment.GetProperty("type").GetString())
        );
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
        Assert.All(ics.Split("\r\n"), line =>
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}")
        );
        return Ical.Net.Calendar.Load(ics)!;
    }

    [Fact]
    public async Task Each_tenant_gets_its_renewals_within_90_days_as_events_on_the_30_day_milestone_with_stable_uids()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 2, sendGridUrl: sendGrid.Url);
        var now = app.Clock.GetUtcNow();
        app.Tenant(0).OneOfEach(now);
        app.Tenant(0).AdeTokens[0].TokenExpirationDateTime = now.AddDays(45);
        app.Tenant(0).AdeTokens[0].TokenName = "Main ABM; iPads, Macs \\ \"lab\"";
        app.Tenant(0).VppTokens[0].ExpirationDateTime = now.AddDays(80);
        app.Tenant(1).OneOfEach(now);
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);

        await app.Create<SendRenewalCalendar>().RunAsync(Timer, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(7));
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<SendRenewalCalendar>().RunAsync(Timer, CancellationToken.None);

        // Tenant 2's tokens expire in 200 and 300 days: nothing to send.
        Assert.Equal(2, sendGrid.Requests.Count);
        var (first, second) = (sendGrid.Requests.First(), sendGrid.Requests.Last());
        Assert.Equal("[TokenWatch] Renewals · Tenant 1 · 2 tokens to renew within the next weeks", first.Subject);
        Assert.Equal(["admins@contoso.example"], first.Recipients);
        var calendar = Attachment(first);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(2, calendar.Events.Count);
        var ade = calendar.Events[0]!;
        Assert.Equal(DateOnly.FromDateTime(now.AddDays(15).UtcDateTime), ade.DtStart!.Date);
        Assert.False(ade.DtStart.HasTime);
        Assert.Equal(
            $"Renew ADE token \"Main ABM; iPads, Macs \\ \"lab\"\" (Tenant 1), "
                + $"expires {now.AddDays(45):yyyy-MM-dd}",
            ade.Summary
        );
        Assert.Contains("What to do:\n1. ", ade.Description);
        Assert.Equal(DateOnly.FromDateTime(now.AddDays(50).UtcDateTime), calendar.Events[1]!.DtStart!.Date);
        Assert.Contains("VPP token \"Apps and Books\"", calendar.Events[1]!.Summary);
        Assert.Equal(calendar.Events.Select(e => e.Uid), Attachment(second).Events.Select(e => e.Uid));
        Assert.Equal(2, calendar.Events.Select(e => e.Uid).Distinct().Count());
        Assert.Contains("&quot;lab&quot;", first.Html);
    }

    [Fact]
    public async Task A_renewed_token_gets_a_new_event_on_its_new_day_while_a_token_not_renewed_keeps_its_uid()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s =>
            s["TokenWatch:Calendar:HorizonDays"] = "366"
        );
        var now = app.Clock.GetUtcNow();
        var tenant = app.Tenant().OneOfEach(now);
        tenant.AdeTokens[0].TokenExpirationDateTime = now.AddDays(45);
        tenant.VppTokens[0].ExpirationDateTime = now.AddDays(80);
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<SendRenewalCalendar>().RunAsync(Timer, CancellationToken.None);

        // The ADE token is renewed a week later: Apple gives it a year from then.
        app.Clock.Advance(TimeSpan.FromDays(7));
        var renewedUntil = app.Clock.GetUtcNow().AddDays(365);
        tenant.AdeTokens[0].TokenExpirationDateTime = renewedUntil;
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<SendRenewalCalendar>().RunAsync(Timer, CancellationToken.None);

        var (before, after) = (Attachment(sendGrid.Requests.First()), Attachment(sendGrid.Requests.Last()));
        var (adeBefore, adeAfter) = (Ade(before), Ade(after));
        Assert.NotEqual(adeBefore.Uid, adeAfter.Uid);
        Assert.Equal(DateOnly.FromDateTime(now.AddDays(15).UtcDateTime), adeBefore.DtStart!.Date);
        Assert.Equal(DateOnly.FromDateTime(renewedUntil.AddDays(-30).UtcDateTime), adeAfter.DtStart!.Date);
        Assert.Contains($"expires {renewedUntil:yyyy-MM-dd}", adeAfter.Summary);
        Assert.Equal((0, 0), (adeBefore.Sequence, adeAfter.Sequence));
        Assert.Equal(Vpp(before).Uid, Vpp(after).Uid);
        Assert.Equal(Vpp(before).DtStart!.Date, Vpp(after).DtStart!.Date);
        Assert.Equal(before.Events.Count, after.Events.Select(e => e.Uid).Distinct().Count());
    }

    private static Ical.Net.CalendarComponents.CalendarEvent Ade(Ical.Net.Calendar calendar) =>
        Assert.Single(calendar.Events, e => e.Summary!.StartsWith("Renew ADE token", StringComparison.Ordinal));

    private static Ical.Net.CalendarComponents.CalendarEvent Vpp(Ical.Net.Calendar calendar) =>
        Assert.Single(calendar.Events, e => e.Summary!.StartsWith("Renew VPP token", StringComparison.Ordinal));

    [Fact]
    public async Task Across_tenants_one_summary_lists_every_tenants_renewals_soonest_first()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 2, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Calendar:Scope"] = "AcrossTenants";
            s["TokenWatch:Calendar:Recipients:0"] = "msp-desk@fabrikam.example";
        });
        var now = app.Clock.GetUtcNow();
        app.Tenant(0).OneOfEach(now).VppTokens[0].ExpirationDateTime = now.AddDays(60);
        app.Tenant(1).OneOfEach(now).AdeTokens[0].TokenExpirationDateTime = now.AddDays(40);
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);

        await app.Create<SendRenewalCalendar>().RunAsync(Timer, CancellationToken.None);

        var mail = Assert.Single(sendGrid.Requests);
        Assert.Equal(["msp-desk@fabrikam.example"], mail.Recipients);
        Assert.Equal(
            ["Renew ADE token \"Main ABM\" (Tenant 2)", "Renew VPP token \"Apps and Books\" (Tenant 1)"],
            Attachment(mail).Events.Select(e => e.Summary![..e.Summary!.IndexOf(',', StringComparison.Ordinal)])
        );
    }
}
