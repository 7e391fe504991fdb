using System.Diagnostics;
using System.Text.Json;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// Headless Chromium, run as a separate process per call with a fresh profile. Nothing it does can leave the
/// machine: every host name resolves to nothing and every request goes to a proxy on a closed loopback port; the
/// network log still records each request, which is how a test sees whether a page tried to load anything.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public const string Missing =
        "Chromium is not installed at "
        + Path
        + ": run `apt-get install -y chromium` (.ci/run does) to render the email in a browser.";

    public static bool Installed => File.Exists(Path);

    /// <summary>Only a guard against a hung browser; no assertion depends on how long it takes.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(3);

    public static async Task<string> DumpDomAsync(string page, string netLog, CancellationToken cancellationToken) =>
        await RunAsync(
            [$"--log-net-log={netLog}", "--net-log-capture-mode=Default", "--dump-dom", new Uri(page).AbsoluteUri],
            cancellationToken
        );

    public static async Task ScreenshotAsync(
        string page,
        string png,
        int width,
        int height,
        CancellationToken cancellationToken
    )
    {
        await RunAsync(
            [
                "--hide-scrollbars",
                "--force-color-profile=srgb",
                "--force-device-scale-factor=1",
                $"--window-size={width},{height}",
                $"--screenshot={png}",
                new Uri(page).AbsoluteUri,
            ],
            cancellationToken
        );
        if (!File.Exists(png))
        {
            throw new InvalidOperationException($"Chromium wrote no screenshot to {png}.");
        }
    }

    /// <summary>
    /// The URLs the page itself asked the network for (its own file:// load excluded), from a Chromium network log.
    /// </summary>
    public static IReadOnlyList<string> PageRequests(string netLog)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(netLog));
        var startJob = json
            .RootElement.GetProperty("constants")
            .GetProperty("logEventTypes")
            .GetProperty("URL_REQUEST_START_JOB")
            .GetInt32();
        return json
            .RootElement.GetProperty("events")
            .EnumerateArray()
            .Where(e => e.GetProperty("type").GetInt32() == startJob && e.TryGetProperty("params", out _))
            .Select(e => e.GetProperty("params"))
            .Where(p =>
                p.TryGetProperty("url", out _)
                && p.TryGetProperty("network_isolation_key", out var key)
                && key.GetString()!.Contains("file://", StringComparison.Ordinal)
            )
            .Select(p => p.GetProperty("url").GetString()!)
            .ToList();
    }

    /// <summary>How many requests of any kind the log holds: proves the log was written and read.</summary>
    public static int LoggedEvents(string netLog)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(netLog));
        return json.RootElement.GetProperty("events").GetArrayLength();
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("tokenwatch-chromium-");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in new[]
            {
                "--headless",
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
                "--disable-client-side-phishing-detection",
                "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,"
                    + "MediaRouter,AutofillServerCommunication",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=http://127.0.0.1:9",
                $"--user-data-dir={profile.FullName}",
            }.Concat(arguments)
        )
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(Hang);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(guard.Token);
            var errors = process.StandardError.ReadToEndAsync(guard.Token);
            await process.WaitForExitAsync(guard.Token);
            var text = await output;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {await errors}");
            }

            return text;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; a leftover temp folder harms nothing.
            }
        }
    }
}
