using MimeKit;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// The README's "Many tenants (MSPs)" flow, command by command as it shows them: <c>simulate</c> (its own Azurite
/// and simulated Graph, until stopped), then <c>tenants discover</c>, <c>tenants discover --add</c>, <c>run</c> and
/// <c>status</c> with the settings it wrote, each checked for what the user sees.
/// </summary>
public sealed class MspWalkthroughTests
{
    private const string Contoso = "c1000000-0000-4000-8000-000000000001";
    private const string Fabrikam = "c2000000-0000-4000-8000-000000000002";
    private const string Tailspin = "c4000000-0000-4000-8000-000000000004";
    private const string WideWorld = "c5000000-0000-4000-8000-000000000005";

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(string config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync([.. args, "--config", config], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Waits for simulate's settings file: it is written once Azurite and the simulator answer.</summary>
    private static async Task WaitForSettingsAsync(string config, Task<int> simulate, StringWriter stderr)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!File.Exists(config) || !(await File.ReadAllTextAsync(config)).TrimEnd().EndsWith('}'))
        {
            Assert.False(simulate.IsCompleted, $"simulate ended early: {stderr}");
            Assert.True(DateTime.UtcNow < deadline, "simulate wrote no settings in 3 minutes");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Simulate_discover_add_run_and_status_go_as_the_README_shows()
    {
        var folder = CatalogCli.TempFolder();
        var config = Path.Combine(folder, "tokenwatch.simulator.json");
        using var stop = new CancellationTokenSource();
        var simulateOut = new StringWriter();
        var simulateErr = new StringWriter();
        var simulate = TokenWatchCli.RunAsync(
            ["simulate", "--write-config", config],
            TextWriter.Synchronized(simulateOut),
            TextWriter.Synchronized(simulateErr),
            stop.Token
        );
        try
        {
            await WaitForSettingsAsync(config, simulate, simulateErr);

            // The Graph URL simulate prints reads Contoso's tokens, not an empty default tenant.
            var url = System
                .Text.RegularExpressions.Regex.Match(
                    simulateOut.ToString(),
                    @"Contoso's tokens as Graph serves them: (\S+)"
                )
                .Groups[1]
                .Value;
            using (var http = new HttpClient())
            {
                Assert.Contains("Contoso ABM", await http.GetStringAsync(url), StringComparison.Ordinal);
            }

            // tenants discover: watched / new / needs consent (+ consent link); nothing is changed.
            var discover = await RunAsync(config, "tenants", "discover");
            Assert.True(discover.ExitCode == 0, discover.Err);
            Assert.Matches($@"{Contoso}\s+Contoso\s+new \(consented\)", discover.Out);
            Assert.Matches($@"{Tailspin}\s+Tailspin Toys\s+needs consent", discover.Out);
            Assert.Contains(
                "admin consent: no link: TokenWatch:Discovery:ClientId",
                discover.Out,
                StringComparison.Ordinal
            );
            Assert.Contains(
                "5 GDAP customers: 0 watched, 4 new and consented, 1 need consent, 0 could not be probed, "
                    + "0 departed.",
                discover.Out,
                StringComparison.Ordinal
            );
            Assert.Contains("Nothing was changed", discover.Out, StringComparison.Ordinal);

            // tenants discover --add: consented ones active, the other paused.
            var add = await RunAsync(config, "tenants", "discover", "--add");
            Assert.True(add.ExitCode == 0, add.Err);
            Assert.Contains("Added 5 tenants to the catalog: 4 active", add.Out, StringComparison.Ordinal);
            Assert.Contains("1 paused until their admin consents", add.Out, StringComparison.Ordinal);

            // run: poll + evaluate; the paused, unconsented customer cannot be read, which does not fail the run.
            var run = await RunAsync(config, "run");
            Assert.True(run.ExitCode == 0, run.Out + run.Err);
            Assert.Equal(
                "Cycle done: 5 tenants polled (1 with read failures, 1 of them paused, 0 not stored), "
                    + "2 digests sent, 0 evaluations failed."
                    + Environment.NewLine,
                run.Out
            );
            var emails = Directory
                .GetFiles(Path.Combine(folder, "outbox"), "*.eml")
                .Select(f => MimeMessage.Load(f).Subject)
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(2, emails.Count);
            Assert.StartsWith("[TokenWatch] CRITICAL · Wide World Importers · ", emails[0], StringComparison.Ordinal);
            Assert.StartsWith("[TokenWatch] WARNING · Fabrikam · ", emails[1], StringComparison.Ordinal);

            // A second discover: the paused customer is in the catalog but not watched, and still needs consent;
            // with no client id configured the link says so instead of showing a placeholder.
            var again = await RunAsync(config, "tenants", "discover");
            Assert.Matches($@"{Tailspin}\s+Tailspin Toys\s+in the catalog, paused: needs consent", again.Out);
            Assert.Contains(
                "5 GDAP customers: 4 watched, 1 paused awaiting consent, 0 new and consented",
                again.Out,
                StringComparison.Ordinal
            );
            Assert.Contains(
                "admin consent: no link: TokenWatch:Discovery:ClientId (the multi-tenant app's client id) is not "
                    + "configured",
                again.Out,
                StringComparison.Ordinal
            );
            Assert.DoesNotContain("CLIENT-ID", again.Out + discover.Out, StringComparison.Ordinal);

            // status: every tenant's tokens, worst first, then by days to expiry; names first, reasons below.
            var status = await RunAsync(config, "status");
            Assert.True(status.ExitCode == 0, status.Err);
            var lines = status.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var rows = lines.TakeWhile(l => !l.StartsWith('[')).ToArray();
            Assert.StartsWith("TENANT  ", rows[0], StringComparison.Ordinal);
            Assert.Equal(16, rows.Length);
            Assert.Matches(@"^Wide World Importers\s+ade\s+.*\sCRITICAL \[\d\]\s+-\d+\s", rows[1]);
            Assert.All(rows[2..5], r => Assert.Matches(@"^Tailspin Toys \(paused\)\s+(ade|vpp|apns)\s+-\s+UNKNOWN", r));
            Assert.Matches(@"^Fabrikam\s+ade\s+.*\sWARNING \[\d\]\s+2\d\s", rows[5]);
            Assert.Matches(@"^Contoso\s+apns\s+.*\sOK\s+2\d\d\s", rows[^1]); // the latest expiry last
            Assert.Contains($"Tailspin Toys ({Tailspin}): UNKNOWN, 3 rows", status.Out, StringComparison.Ordinal);
            Assert.Equal("15 of 15 rows over 5 tenants (stored state, as of the last poll).", lines[^1].TrimEnd());
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await simulate);
        var printed = simulateOut.ToString();
        Assert.Contains(
            "(partner tenant 0a0a0a0a-1111-4222-8333-444444444444, 5 GDAP customers)",
            printed,
            StringComparison.Ordinal
        );
        Assert.Contains($"Settings written to {config}.", printed, StringComparison.Ordinal);
        // The URL it prints reads a simulated customer's tokens (it answered while simulate ran, checked above).
        Assert.Contains($"--project src/TokenWatch.Cli -- run --config {config}", printed, StringComparison.Ordinal);
        Assert.Contains($"-- check --tenant Contoso --config {config}", printed, StringComparison.Ordinal);
        Assert.EndsWith("Stopped." + Environment.NewLine, printed, StringComparison.Ordinal);
    }
}
