using TokenWatch.Core.Conditions;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Notifications.Teams;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// The Teams card as the official Adaptive Cards library sees it: parsed and validated without an error or a
/// warning, and rendered in headless Chromium to a PNG, with hostile token names shown as text. With
/// <c>TOKENWATCH_UPDATE_SNAPSHOTS=1</c> the demo card's screenshot replaces <c>docs/teams-card.png</c>.
/// </summary>
public sealed class TeamsCardRenderingTests : IDisposable
{
    private const int Width = 640;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tokenwatch-card-");

    public void Dispose() => _folder.Delete(recursive: true);

    [ChromiumFact]
    public async Task The_demo_card_is_valid_adaptive_card_1_5_and_renders_to_a_png()
    {
        Assert.True(
            File.Exists(AdaptiveCardPage.Library),
            $"{AdaptiveCardPage.Library} is missing: run npm ci --no-audit --no-fund"
        );
        var message = TeamsCard.Message(DigestSamples.Demo());
        var page = AdaptiveCardPage.Write(_folder.FullName, message, Width);
        var png = Path.Combine(_folder.FullName, "card.png");

        var netLog = Path.Combine(_folder.FullName, "netlog.json");
        var (report, card) = AdaptiveCardPage.Read(await Chromium.DumpDomAsync(page, netLog, CancellationToken.None));
        await Chromium.ScreenshotAsync(page, png, Width, 2250, CancellationToken.None);

        Assert.Equal("[]", report.GetProperty("events").GetRawText());
        Assert.Equal("1.5", report.GetProperty("version").GetString());
        Assert.Contains("TokenWatch · CRITICAL", card.TextContent);
        Assert.Contains(
            "ADE token \"Contoso ABM - Corporate iPhones\" sync error (code 3, often terms not accepted)",
            card.TextContent
        );
        // The steps' "table below" is there: Intune's sync error table, after the events.
        Assert.Contains("If Intune shows another message on the token", card.TextContent);
        Assert.Contains($"\"{AdeSyncErrorTable.TermsNotAccepted}\": ", card.TextContent);
        Assert.NotEmpty(card.QuerySelectorAll("button"));
        var image = Png.Read(png);
        Assert.Equal(Width, image.Width);
        if (Snapshot.Updating)
        {
            File.Copy(png, Path.Combine(Snapshot.RepositoryRoot, "docs", "teams-card.png"), overwrite: true);
        }
    }

    /// <summary>
    /// Every hostile name of the email's tests, and Markdown a TextBlock would turn into a link, each as a token's
    /// name and Apple ID, in cards of five events (each card shows all of its events within Teams' size): one browser
    /// run for all of them.
    /// </summary>
    [ChromiumFact]
    public async Task Hostile_token_names_are_shown_as_text_with_no_script_or_link()
    {
        var names = HostileInputTests
            .HostileNames.Select(row => (string)row[1])
            .Append("[Renew here](https://evil.example/renew) **now**")
            .ToList();
        var messages = names
            .Select(
                (name, i) =>
                    DigestSamples.Entered(
                        DigestSamples.Ade(name) with
                        {
                            Id = $"ade-{i}",
                            SyncErrorCode = 3,
                            AppleId = name,
                        },
                        Condition.SyncError
                    )
            )
            .Chunk(5)
            .Select(events => TeamsCard.Message(DigestSamples.Digest(events)))
            .ToList();
        var page = AdaptiveCardPage.Write(_folder.FullName, messages, Width);
        var netLog = Path.Combine(_folder.FullName, "netlog.json");

        var (report, card) = AdaptiveCardPage.Read(await Chromium.DumpDomAsync(page, netLog, CancellationToken.None));
        var png = Path.Combine(_folder.FullName, "card.png");
        await Chromium.ScreenshotAsync(page, png, Width, 1800, CancellationToken.None);

        Assert.Equal("[]", report.GetProperty("events").GetRawText());
        Assert.Equal("1.5,1.5", report.GetProperty("version").GetString());
        Assert.DoesNotContain("more event", card.TextContent);
        Assert.Empty(card.QuerySelectorAll("script, img, iframe, a, b"));
        Assert.DoesNotContain(card.QuerySelectorAll("*").SelectMany(e => e.Attributes), a =>
            a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
        );
        Assert.DoesNotContain(Chromium.PageRequests(netLog), u =>
            u.StartsWith("http", StringComparison.OrdinalIgnoreCase)
        );
        Assert.All(names, name =>
        {
            var shown = Words.Clean(name, 120).TrimEnd('…');
            Assert.Contains(shown[..Math.Min(40, shown.Length)], card.TextContent);
        });
        Assert.All(messages, m =>
            Assert.True(TeamsCard.Encoding(m).Length <= TeamsCard.MaxBytes, "a card is larger than Teams takes")
        );
        Assert.Equal(Width, Png.Read(png).Width);
    }
}
