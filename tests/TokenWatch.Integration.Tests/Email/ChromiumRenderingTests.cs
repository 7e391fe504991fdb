using AngleSharp.Html.Parser;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// The demo digest as a browser shows it: rendered by headless Chromium to a PNG, with the page's own network
/// requests read from Chromium's network log. With <c>TOKENWATCH_UPDATE_SNAPSHOTS=1</c> the screenshot, cut to
/// the email's height, also replaces <c>docs/alert-email.png</c>.
/// </summary>
public sealed class ChromiumRenderingTests : IDisposable
{
    private const int Width = 760;
    private const int Background = 0xf3f4f6;

    /// <summary>Badge colours (see EventView.ColorOf), and what the admin reads on them.</summary>
    private static readonly Dictionary<int, string> BadgeColours = new()
    {
        [0xb91c1c] = "critical",
        [0x6d28d9] = "unknown",
        [0xb45309] = "warning",
        [0x15803d] = "ok",
    };

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tokenwatch-render-");

    public void Dispose() => _folder.Delete(recursive: true);

    [ChromiumFact]
    public async Task The_demo_email_renders_without_script_or_external_loads_and_shows_critical_items_first()
    {
        var email = new FluidDigestRenderer().Render(DigestSamples.Demo());
        var page = Path.Combine(_folder.FullName, "alert-email.html");
        await File.WriteAllTextAsync(page, email.Html);
        var netLog = Path.Combine(_folder.FullName, "netlog.json");
        var png = Path.Combine(_folder.FullName, "alert-email.png");

        var dom = new HtmlParser().ParseDocument(await Chromium.DumpDomAsync(page, netLog, CancellationToken.None));
        await Chromium.ScreenshotAsync(page, png, Width, 4000, CancellationToken.None);

        // No script in what the browser built, and no request made by the page (the log did record Chromium's own).
        Assert.Empty(dom.QuerySelectorAll("script"));
        Assert.DoesNotContain(dom.All.SelectMany(e => e.Attributes), a =>
            a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
        );
        Assert.True(Chromium.LoggedEvents(netLog) > 0, "the network log is empty: the check below would prove nothing");
        Assert.Empty(Chromium.PageRequests(netLog));

        // What a reader sees, top to bottom: the summary's badges, then the cards' badges, worst first in both.
        var image = Png.Read(png);
        Assert.Equal(Width, image.Width);
        var bottom = ContentBottom(image);
        Assert.True(bottom < image.Height - 40, $"the email is taller than the {image.Height} px screenshot");
        Assert.Equal(["critical", "critical", "warning", "ok", "critical", "critical", "warning", "ok"], Badges(image));
        var headings = dom.QuerySelectorAll("div")
            .Where(d => d.GetAttribute("style")?.Contains("font-size:18px", StringComparison.Ordinal) == true)
            .Select(d => d.TextContent)
            .ToList();
        Assert.Equal(
            "ADE token “Contoso ABM - Corporate iPhones” sync error (code 3, often terms not accepted)",
            headings[0]
        );

        if (Snapshot.Updating)
        {
            // The committed sample: the same page, cut just below the footer.
            var sample = Path.Combine(_folder.FullName, "sample.png");
            await Chromium.ScreenshotAsync(page, sample, Width, bottom + 28, CancellationToken.None);
            File.Copy(sample, Path.Combine(Snapshot.RepositoryRoot, "docs", "alert-email.png"), overwrite: true);
        }
    }

    /// <summary>
    /// The badges in the screenshot, top to bottom: blocks of rows holding a run of one badge colour that is
    /// badge-sized (wider than a card's 4 px edge, narrower than the header's full-width top border).
    /// </summary>
    private static List<string> Badges(Png image)
    {
        var badges = new List<string>();
        var last = (Colour: (string?)null, Y: int.MinValue);
        for (var y = 0; y < image.Height; y++)
        {
            if (BadgeIn(image, y) is not { } found)
            {
                continue;
            }

            // Rows through the white label break the runs, so one badge can show as bands a few rows apart.
            if (found != last.Colour || y - last.Y > 14)
            {
                badges.Add(found);
            }

            last = (found, y);
        }

        return badges;
    }

    private static string? BadgeIn(Png image, int y)
    {
        var run = 0;
        var colour = -1;
        for (var x = 0; x <= image.Width; x++)
        {
            var pixel = x < image.Width ? image[x, y] : -1;
            if (pixel == colour)
            {
                run++;
                continue;
            }

            if (run is >= 30 and <= 200 && BadgeColours.TryGetValue(colour, out var name))
            {
                return name;
            }

            (colour, run) = (pixel, 1);
        }

        return null;
    }

    private static int ContentBottom(Png image)
    {
        for (var y = image.Height - 1; y >= 0; y--)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y] != Background)
                {
                    return y;
                }
            }
        }

        return 0;
    }
}
