using System.Net;
using AngleSharp.Html.Parser;
using TokenWatch.Core.Actions;
using TokenWatch.Integration.Tests.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Incidents;

/// <summary>
/// Issue 28, one incident across tenants, as the MSP's ops mailbox and each tenant's admins see it: one summary for
/// the same sync error in forty tenants, each tenant's digest as it always was, one link that acknowledges all forty,
/// and nothing for two tenants, a tampered or expired link, or a restart.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class IncidentTests(AzuriteFixture azurite)
{
    private static readonly int[] Forty = [.. Enumerable.Range(0, 40)];

    [Fact]
    public async Task The_same_sync_error_in_forty_tenants_is_one_summary_and_one_link_acknowledges_all_forty()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 40);
        await site.HealthyAsync();
        site.SyncError(Forty);
        await site.CycleAsync(TimeSpan.FromHours(1));

        var summary = Assert.Single(site.Summaries());
        Assert.Equal([IncidentSite.Ops], summary.Recipients);
        Assert.Contains("sync error (code 3, often terms not accepted) in 40 tenants", summary.Subject);
        Assert.Contains("Terms and conditions", summary.Text, StringComparison.OrdinalIgnoreCase);
        for (var i = 0; i < 40; i++)
        {
            Assert.Contains($"Tenant {i + 1} ({site.App.TenantIds[i]}): since ", summary.Text);
        }

        // Each tenant's own digest: one each, about its own token, with no word of the incident.
        var digests = site.Digests().Where(d => d.Subject.Contains("sync error", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, digests.Count);
        Assert.Equal(40, digests.Select(d => d.Headers["X-TokenWatch-Tenant"]).Distinct().Count());
        Assert.All(digests, d => Assert.DoesNotContain("incident", d.Text, StringComparison.OrdinalIgnoreCase));
        Assert.All(digests, d => Assert.DoesNotContain(IncidentSite.Ops, d.Recipients));

        // Opening the link shows the incident and changes nothing.
        var link = IncidentSite.AcknowledgeAllLink(summary);
        var (status, page) = await site.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(40, IncidentSite.TenantLines(page).Count);
        Assert.Empty(await site.AuditAsync(0));

        var (posted, done) = await site.PostAsync(link, ActionSite.Form(page, "Apple terms, ticket 9001"));
        Assert.Equal(HttpStatusCode.OK, posted);
        Assert.Contains("is acknowledged in 40 tenants", new HtmlParser().ParseDocument(done).Body!.TextContent);
        var incident = Assert.Single(await site.OpenIncidentsAsync());
        for (var i = 0; i < 40; i++)
        {
            var entry = Assert.Single(await site.AuditAsync(i));
            Assert.Equal(
                (AuditedAction.Acknowledge, "ade:ade-1", "Apple terms, ticket 9001", incident.Id),
                (entry.Action, entry.TokenKey, entry.Reason, entry.IncidentId)
            );
            Assert.StartsWith("the holder of the link from incident summary ", entry.By, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await site.PostAsync(link, ActionSite.Form(page, "again"))).Status);

        // A day later every reminder is due, and acknowledged: nothing is sent to anyone.
        var before = site.SendGrid.Accepted.Count;
        await site.CycleAsync(TimeSpan.FromHours(25));
        Assert.Equal(before, site.SendGrid.Accepted.Count);
    }

    [Fact]
    public async Task The_incident_is_told_again_only_once_it_has_doubled()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 6);
        await site.HealthyAsync();
        site.SyncError([0, 1, 2]);
        await site.CycleAsync(TimeSpan.FromHours(1));
        site.SyncError([3, 4]);
        await site.CycleAsync(TimeSpan.FromHours(1));
        Assert.Single(site.Summaries()); // 5 of the 3 told: not yet news

        site.SyncError([5]);
        await site.CycleAsync(TimeSpan.FromHours(1));

        var summaries = site.Summaries();
        Assert.Equal(2, summaries.Count);
        Assert.Contains("incident grew", summaries[1].Subject);
        Assert.Contains("in 6 tenants", summaries[1].Subject);
        Assert.Equal(6, summaries[1].Text.Split("): since ").Length - 1);
        Assert.NotEqual(IncidentSite.AcknowledgeAllLink(summaries[0]), IncidentSite.AcknowledgeAllLink(summaries[1]));
    }

    [Fact]
    public async Task A_hostile_tenant_name_is_text_in_the_summary_and_on_the_page()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 3, configure: s =>
            s["TokenWatch:Tenants:0:DisplayName"] = hostile
        );
        await site.HealthyAsync();
        site.SyncError([0, 1, 2]);
        await site.CycleAsync(TimeSpan.FromHours(1));

        var summary = new HtmlParser().ParseDocument(Assert.Single(site.Summaries()).Html);
        var (_, page) = await site.GetAsync(IncidentSite.AcknowledgeAllLink(Assert.Single(site.Summaries())));
        var document = new HtmlParser().ParseDocument(page);

        Assert.Empty(summary.QuerySelectorAll("script, img"));
        Assert.Contains(hostile, summary.Body!.TextContent);
        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.Contains(IncidentSite.TenantLines(page), l => l.StartsWith(hostile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_sync_error_in_two_tenants_is_no_incident()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 2);
        await site.HealthyAsync();
        site.SyncError([0, 1]);
        await site.CycleAsync(TimeSpan.FromHours(1));

        Assert.Equal(2, site.Digests().Count(d => d.Subject.Contains("sync error", StringComparison.Ordinal)));
        Assert.Empty(site.Summaries());
        Assert.Empty(await site.OpenIncidentsAsync());
    }

    [Fact]
    public async Task Without_ops_recipients_no_summary_is_sent_and_the_digests_go_as_usual()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 3, opsRecipients: false);
        await site.HealthyAsync();
        site.SyncError([0, 1, 2]);
        await site.CycleAsync(TimeSpan.FromHours(1));
        await site.CycleAsync(TimeSpan.FromHours(1));

        Assert.Equal(3, site.Digests().Count(d => d.Subject.Contains("sync error", StringComparison.Ordinal)));
        Assert.Empty(site.Summaries());
        Assert.Empty(await site.OpenIncidentsAsync());
    }

    [Fact]
    public async Task A_tampered_or_expired_incident_link_is_refused_and_changes_nothing()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 3);
        await site.HealthyAsync();
        site.SyncError([0, 1, 2]);
        await site.CycleAsync(TimeSpan.FromHours(1));
        var link = IncidentSite.AcknowledgeAllLink(Assert.Single(site.Summaries()));
        var (_, page) = await site.GetAsync(link);
        var form = ActionSite.Form(page, "terms");

        var tampered = link[..^3] + (link[^3] == 'A' ? 'B' : 'A') + link[^2..];
        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync(tampered)).Status);
        var tamperedForm = new Dictionary<string, string>(form)
        {
            ["t"] = Uri.UnescapeDataString(tampered.Split("?t=")[1]),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await site.PostAsync(tampered, tamperedForm)).Status);

        // The incident claim re-signed as a tenant's own acknowledgement is not a link TokenWatch makes.
        var claim = site.Tokens().Read(Uri.UnescapeDataString(link.Split("?t=")[1]), site.App.Clock.GetUtcNow()).Claim!;
        var widened = site.Tokens().Sign(claim with { Kind = AlertActionKind.Acknowledge });
        Assert.Equal(HttpStatusCode.Forbidden, (await site.GetAsync(link.Split("?t=")[0] + "?t=" + widened)).Status);

        site.App.Clock.Advance(TimeSpan.FromDays(15));
        var (expired, html) = await site.PostAsync(link, form);
        Assert.Equal(HttpStatusCode.Gone, expired);
        Assert.Contains("has expired", html);
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await site.AuditAsync(i));
        }
    }

    [Fact]
    public async Task A_tenant_that_recovers_is_named_recovered_and_the_incident_recovers_once_with_the_last()
    {
        await using var site = await IncidentSite.StartAsync(azurite, tenants: 3);
        await site.HealthyAsync();
        site.SyncError([0, 1, 2]);
        await site.CycleAsync(TimeSpan.FromHours(1));
        var link = IncidentSite.AcknowledgeAllLink(Assert.Single(site.Summaries()));

        // A restart finds the summary told: it is not sent again.
        await site.RestartAsync();
        await site.CycleAsync(TimeSpan.FromHours(1));
        Assert.Single(site.Summaries());

        site.Recover(0);
        for (var i = 0; i < 3; i++)
        {
            await site.CycleAsync(TimeSpan.FromHours(12));
        }

        var (_, page) = await site.GetAsync(link);
        var lines = IncidentSite.TenantLines(page);
        Assert.StartsWith(
            $"Tenant 1 ({site.App.TenantIds[0]}): recovered on ",
            lines.Single(l => l.StartsWith("Tenant 1 ", StringComparison.Ordinal))
        );
        Assert.Equal(2, lines.Count(l => l.Contains("): since ", StringComparison.Ordinal)));
        Assert.Single(site.Summaries()); // one tenant recovering is not news to ops

        site.Recover(1);
        site.Recover(2);
        for (var i = 0; i < 3; i++)
        {
            await site.CycleAsync(TimeSpan.FromHours(12));
        }

        var summaries = site.Summaries();
        Assert.Equal(2, summaries.Count);
        Assert.Contains("recovered", summaries[1].Subject);
        Assert.Equal(3, summaries[1].Text.Split("): recovered on ").Length - 1);
        Assert.Empty(await site.OpenIncidentsAsync());
        Assert.Equal(HttpStatusCode.Gone, (await site.GetAsync(link)).Status);
    }
}
