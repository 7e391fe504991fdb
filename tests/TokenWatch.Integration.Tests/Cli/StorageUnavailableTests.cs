using System.Diagnostics;
using TokenWatch.Integration.Tests.Hostile;
using TokenWatch.Integration.Tests.Reliability;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// Storage that cannot be reached never reads as success: every command that needs it stops with UNKNOWN (exit 3)
/// and one line that names what could not be reached, and a silent endpoint is waited on for one operation only.
/// </summary>
public sealed class StorageUnavailableTests(ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private static readonly Dictionary<string, string?> Quick = new()
    {
        ["TokenWatch:Storage:OperationTimeoutSeconds"] = "2",
        ["TokenWatch:Storage:MaxRetries"] = "1",
    };

    [Theory]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("check")]
    [InlineData("tenants", "list")]
    public async Task A_stopped_storage_is_unknown_with_one_line_naming_it(params string[] command)
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(2);
        await using var _ = intune;
        var port = CliRun.ClosedPort();
        var settings = new Dictionary<string, string?>(Quick)
        {
            ["TokenWatch:Storage:ConnectionString"] = CliRun.Storage(port),
        };
        var config = await CliRun.ConfigAsync(intune, tenants, settings);

        var (code, stdout, stderr) = await CliRun.RunAsync([.. command, "--config", config]);

        Assert.True(code == 3, $"exit {code}: {stdout} {stderr}");
        var lines = CliRun.Lines(stdout + stderr);
        var line = Assert.Single(lines);
        Assert.StartsWith($"UNKNOWN: storage unavailable: http://127.0.0.1:{port} could not be reached (", line);
        Assert.DoesNotContain("AccountKey", line);
    }

    [Fact]
    public async Task A_silent_storage_stops_the_run_after_one_operation_and_says_so_once()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(8);
        await using var _ = intune;
        await using var storage = new SilentStorage();
        var settings = new Dictionary<string, string?>(Quick)
        {
            ["TokenWatch:Storage:ConnectionString"] = CliRun.Storage(storage.Port),
            ["TokenWatch:Cycle:MaxParallelism"] = "8",
        };
        var config = await CliRun.ConfigAsync(intune, tenants, settings);

        var watch = Stopwatch.StartNew();
        // A bound for a hung test, not a timing assertion.
        var (code, stdout, stderr) = await CliRun
            .RunAsync("run", "--config", config)
            .WaitAsync(TimeSpan.FromSeconds(90));
        watch.Stop();

        Assert.True(code == 3, $"exit {code}: {stdout} {stderr}");
        Assert.StartsWith("UNKNOWN: storage unavailable: ", Assert.Single(CliRun.Lines(stdout + stderr)));
        // One operation and its one retry reached the endpoint; nothing after it waited again.
        Assert.Equal(2, storage.RequestLines.Count);
        Assert.Empty(
            Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(config)!), "*.eml", SearchOption.AllDirectories)
        );
        report.Line(
            output,
            $"silent storage, run of {tenants.Count} tenants: stopped after {watch.Elapsed.TotalSeconds:0.0} s "
                + $"({storage.RequestLines.Count} storage requests, 2 s operation timeout, 1 retry)"
        );
    }
}
