using System.Diagnostics;
using System.Text.RegularExpressions;
using TokenWatch.Integration.Tests.Hostile;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// <c>check --output nagios</c> read as Nagios, Icinga and Checkmk read a plugin: the first stdout line is the status
/// and the performance data, in the syntax of the Nagios plugin guidelines; errors are UNKNOWN lines on stdout.
/// </summary>
public sealed partial class NagiosCheckTests
{
    /// <summary>SERVICE STATUS - text | perfdata (the guidelines' "plugin output" first line).</summary>
    [GeneratedRegex(@"^TOKENWATCH (?<status>OK|WARNING|CRITICAL|UNKNOWN) - (?<text>[^|]+) \| (?<perf>[^|]+)$")]
    private static partial Regex StatusLine();

    /// <summary>'label'=value[UOM];[warn];[crit];[min];[max], thresholds in the guidelines' range syntax.</summary>
    [GeneratedRegex(
        @"^(?<label>[^=' ]+)=(?<value>-?\d+(\.\d+)?)(s|%|B|KB|MB|TB|c)?"
            + @"(;(?<warn>@?(~|-?\d+)?:?(-?\d+)?))?(;(?<crit>@?(~|-?\d+)?:?(-?\d+)?))?(;-?\d*)?(;-?\d*)?$"
    )]
    private static partial Regex PerfItem();

    [Fact]
    public async Task The_first_line_is_a_nagios_status_with_performance_data_and_the_worst_items_follow()
    {
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var tenant = intune.AddTenant("default").OneOfEach(now);
        tenant.AdeTokens[0].LastSyncErrorCode = 3;
        tenant.VppTokens[0].ExpirationDateTime = now.AddDays(12).AddHours(1);

        var (code, stdout, stderr) = await CliRun.RunAsync(
            "check",
            "--graph-url",
            intune.BaseUrl,
            "--auth",
            "none",
            "--output",
            "nagios"
        );

        var lines = CliRun.Lines(stdout);
        var first = StatusLine().Match(lines[0]);
        Assert.True(first.Success, lines[0]);
        Assert.Equal("CRITICAL", first.Groups["status"].Value);
        Assert.Equal(2, code);
        Assert.Equal("1 critical, 1 warning, 0 unknown", first.Groups["text"].Value);
        var perf = first
            .Groups["perf"]
            .Value.Split(' ')
            .Select(item => PerfItem().Match(item))
            .ToDictionary(m => m.Groups["label"].Value);
        Assert.All(perf.Values, m => Assert.True(m.Success, m.Value));
        Assert.Equal("1", perf["critical"].Groups["value"].Value);
        Assert.Equal("1", perf["warning"].Groups["value"].Value);
        Assert.Equal("0", perf["unknown"].Groups["value"].Value);
        Assert.Equal("1", perf["ok"].Groups["value"].Value);
        Assert.Equal(
            ("12", "30:", "0:"),
            (
                perf["min_days"].Groups["value"].Value,
                perf["min_days"].Groups["warn"].Value,
                perf["min_days"].Groups["crit"].Value
            )
        );
        Assert.StartsWith("CRITICAL local ade 'Main ABM': ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("WARNING local vpp ", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_configuration_error_is_an_unknown_line_on_stdout()
    {
        var (code, stdout, _) = await CliRun.RunAsync(
            "check",
            "--graph-url",
            "https://graph.microsoft.com",
            "--auth",
            "none",
            "--output",
            "nagios"
        );

        Assert.Equal(3, code);
        Assert.StartsWith("UNKNOWN: configuration: ", CliRun.Lines(stdout)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_bounds_the_whole_check_against_a_graph_that_never_answers()
    {
        await using var graph = new SilentStorage(); // any endpoint that accepts and never answers
        var watch = Stopwatch.StartNew();

        // The bound is for a hung test: Graph's own retries and timeouts would hold it past 30 s.
        var (code, stdout, _) = await CliRun
            .RunAsync(
                "check",
                "--graph-url",
                $"http://127.0.0.1:{graph.Port}",
                "--auth",
                "none",
                "--output",
                "nagios",
                "--timeout",
                "2"
            )
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, code);
        Assert.Equal(
            "UNKNOWN: check did not finish within 2 s (--timeout): Graph or storage did not answer in time.",
            Assert.Single(CliRun.Lines(stdout))
        );
        Console.WriteLine(
            $"check --timeout 2 against a silent Graph returned after {watch.Elapsed.TotalSeconds:0.0} s"
        );
    }
}
