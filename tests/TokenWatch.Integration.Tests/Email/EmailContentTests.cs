using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>What an admin reads in each kind of email: the facts, what changed, and what to do.</summary>
public sealed class EmailContentTests
{
    private static readonly FluidDigestRenderer Renderer = new();

    private static RenderedEmail Render(string sample) => new(Renderer.Render(DigestSamples.ByName[sample]));

    public static TheoryData<string> Samples => new(DigestSamples.ByName.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_text_part_carries_every_fact_of_the_HTML_part(string sample)
    {
        var email = Render(sample);
        var text = Quotes(email.FlatText);

        // Table column headings are the only HTML text the text part writes differently (as a list).
        var missing = email
            .VisibleTexts.Select(t => Quotes(t).Trim('"', ' '))
            .Where(t => t.Any(char.IsLetterOrDigit))
            .Where(t => t != "Intune shows" && !text.Contains(t, StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
        Assert.All(email.Document.QuerySelectorAll("a"), a => Assert.Contains(a.GetAttribute("href")!, text));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_email_is_self_contained_HTML_without_script_or_external_resources(string sample)
    {
        var email = Render(sample);

        Assert.Empty(
            email.Document.QuerySelectorAll(
                "script, img, iframe, object, embed, link, video, audio, source, form, input, base"
            )
        );
        Assert.DoesNotContain(email.Document.All.SelectMany(e => e.Attributes), a =>
            a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
            || a.Name is "src" or "srcset" or "background" or "action"
        );
        Assert.DoesNotContain("url(", email.Email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", email.Email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.All(email.Document.QuerySelectorAll("a"), a => Assert.StartsWith("https://", a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("digest.html.liquid")]
    [InlineData("digest.txt.liquid")]
    public void The_templates_never_bypass_HTML_encoding(string template)
    {
        var source = File.ReadAllText(
            Path.Combine(Snapshot.RepositoryRoot, "src", "TokenWatch.Infrastructure", "Email", "Templates", template)
        );

        Assert.DoesNotMatch(@"\|\s*raw\b", source);
        Assert.DoesNotContain("<script", source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_token_event_shows_tenant_token_owner_expiry_with_days_left_and_last_sync()
    {
        var email = Render("entered-ade-terms-not-accepted");

        var facts = email.Facts(0);
        Assert.Equal("Contoso (8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b)", facts["Tenant"]);
        Assert.Equal("ADE token · Apple Business Manager", facts["Token"]);
        Assert.Equal("9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10", facts["Token id"]);
        Assert.Equal("abm-admin@contoso.example", facts["Apple ID"]);
        Assert.Equal("2026-11-13 09:11 UTC · 238 days left", facts["Expires"]);
        Assert.Equal("2026-03-20 05:40 UTC · 2 hours ago", facts["Last successful sync"]);
        Assert.Equal(
            "code 3 (often: terms and conditions not accepted; Apple does not document the codes)",
            facts["Sync error"]
        );
        Assert.Equal(
            "ADE token “Contoso ABM - Corporate iPhones” sync error (code 3, often terms not accepted)",
            email.Headings[0].TextContent
        );
        Assert.Contains("a user with the Administrator role signs in and accepts them", email.FlatText);
        Assert.Equal(
            ["https://business.apple.com", "https://intune.microsoft.com/8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b"],
            email.Document.QuerySelectorAll("a").Select(a => a.GetAttribute("href"))
        );
    }

    [Fact]
    public void An_expired_ADE_token_says_the_download_invalidates_the_current_token_at_once()
    {
        var email = Render("entered-ade-expired");

        Assert.Equal("2026-03-17 08:00 UTC · expired 3 days ago", email.Facts(0)["Expires"]);
        Assert.Contains(
            "Careful: Downloading a new token in Apple Business invalidates the current token at once",
            email.FlatText
        );
        Assert.Contains("Devices → Management Services → the service for Intune → Download Token", email.FlatText);
    }

    [Fact]
    public void A_push_certificate_milestone_says_renew_never_create_with_the_same_Apple_ID()
    {
        var email = Render("milestone-apns-30-days");

        Assert.Equal(["WARNING"], email.Badges);
        Assert.Contains("Expiry milestone: 30 days", email.FlatText);
        Assert.Contains(
            "never Create, and sign in with the same Apple ID (intune-apns@contoso.example)",
            email.FlatText
        );
        Assert.Equal("https://identity.apple.com/pushcert", email.Document.QuerySelector("a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("renewed-vpp", "Expiry: 2026-04-01 → 2027-03-20")]
    [InlineData("owner-changed-ade", "Apple ID: abm-admin@contoso.example → j.doe@contoso.example")]
    [InlineData(
        "topic-changed-apns",
        "Topic: com.apple.mgmt.External.5c2d8a1e-7b3f-4e9a-a6c4-0d1e2f3a4b5c → "
            + "com.apple.mgmt.External.e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8"
    )]
    [InlineData("recovered-ade-sync-error", "Sync error: code 3 → none")]
    public void A_change_says_what_it_was_and_what_it_is_now(string sample, string change)
    {
        var email = Render(sample);

        Assert.Contains("What changed: ", email.FlatText);
        Assert.Contains(change, email.FlatText);
        var (label, values) = (change[..change.IndexOf(':')], change[(change.IndexOf(':') + 2)..]);
        var row = Assert.Single(email.Cards[0].QuerySelectorAll("tr"), r =>
            r.Children.Length == 2
            && r.Children[0].TextContent == label
            && !r.Children[0].GetAttribute("style")!.Contains("width:150px", StringComparison.Ordinal)
        );
        Assert.Equal(values, row.Children[1].TextContent);
    }

    [Fact]
    public void A_failed_monitoring_says_which_permission_to_grant_and_gives_the_request_ids()
    {
        var email = Render("monitoring-failed-permission");

        var facts = email.Facts(0);
        Assert.Equal("APNs certificate (Graph applePushNotificationCertificate)", facts["Could not read"]);
        Assert.Equal("permission missing", facts["Cause"]);
        Assert.Equal("3", facts["Failed polls in a row"]);
        Assert.Equal("7d1c5e2a-93b4-4f0e-8a61-2c3d4e5f6a7b", facts["Request id"]);
        Assert.Equal("a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", facts["Client request id"]);
        var firstStep = email.Cards[0].QuerySelector("li")!.TextContent;
        Assert.Equal(
            "Grant the application permission DeviceManagementManagedDevices.Read.All to TokenWatch's identity in "
                + "tenant 8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b and give admin consent.",
            firstStep
        );
        Assert.Contains("Monitoring failed (permission missing)", email.Headings[0].TextContent);
    }

    [Fact]
    public void The_demo_digest_lists_critical_items_first_in_the_summary_and_in_the_body()
    {
        var email = Render("demo");

        // Summary rows first (4), then one badge per card (4): both in severity order.
        Assert.Equal(
            ["CRITICAL", "CRITICAL", "WARNING", "RENEWED", "CRITICAL", "CRITICAL", "WARNING", "RENEWED"],
            email.Badges
        );
        Assert.Equal(
            "2 critical · 1 warning · 1 renewed",
            email
                .Document.Body!.QuerySelectorAll("div")
                .Select(d => d.TextContent)
                .First(t => t.Contains(" · 1 renewed", StringComparison.Ordinal))
        );
        Assert.StartsWith(
            "[TokenWatch] CRITICAL · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" sync error "
                + "(code 3, often terms not accepted) +3 more",
            email.Email.Subject
        );
    }

    [Fact]
    public void Good_news_needs_no_action_and_is_labelled_as_what_it_is()
    {
        var digest = DigestSamples.Digest(
            DigestSamples.ByName["recovered-ade-sync-error"].Events[0],
            DigestSamples.ByName["monitoring-restored"].Events[0]
        );

        var email = new RenderedEmail(Renderer.Render(digest));

        Assert.Equal(HealthStatus.Ok, email.Email.Severity);
        Assert.Equal(["RESTORED", "RECOVERED", "RESTORED", "RECOVERED"], email.Badges);
        Assert.All(email.Cards, card => Assert.Contains("No action needed", card.TextContent));
        Assert.StartsWith("[TokenWatch] RESTORED · Contoso · Monitoring restored +1 more", email.Email.Subject);
        Assert.DoesNotContain(email.Badges, b => b is "CRITICAL" or "WARNING" or "UNKNOWN");
    }

    private static string Quotes(string text) => text.Replace('“', '"').Replace('”', '"');
}
