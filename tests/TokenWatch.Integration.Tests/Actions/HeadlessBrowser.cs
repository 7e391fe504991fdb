using PuppeteerSharp;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// The installed headless Chromium (<see cref="Chromium.Path"/>), driven over its DevTools protocol by PuppeteerSharp
/// with <c>ExecutablePath</c> set, so nothing is downloaded. It can reach only 127.0.0.1: every host name resolves to
/// nothing and any other request goes to a proxy on a closed port, as in <see cref="Chromium"/>.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    /// <summary>Only a guard against a hung browser or page; no assertion depends on how long anything takes.</summary>
    private static readonly int HangMilliseconds = (int)TimeSpan.FromMinutes(2).TotalMilliseconds;

    private readonly IBrowser _browser;
    private readonly DirectoryInfo _profile;

    private HeadlessBrowser(IBrowser browser, DirectoryInfo profile)
    {
        _browser = browser;
        _profile = profile;
    }

    public static async Task<HeadlessBrowser> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("tokenwatch-browser-");
        var browser = await Puppeteer.LaunchAsync(
            new LaunchOptions
            {
                ExecutablePath = Chromium.Path,
                Headless = true,
                UserDataDir = profile.FullName,
                Timeout = HangMilliseconds,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--disable-default-apps",
                    "--no-pings",
                    "--disable-domain-reliability",
                    // Quoted: the launcher joins the arguments into one command line, split again at spaces.
                    "--host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"",
                    "--proxy-server=http://127.0.0.1:9",
                ],
            }
        );
        return new HeadlessBrowser(browser, profile);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = HangMilliseconds;
        page.DefaultNavigationTimeout = HangMilliseconds;
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; a leftover temp folder harms nothing.
        }
    }
}
