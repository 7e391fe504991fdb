using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// <c>run</c> from cron, hour after hour, against a tenant whose admin has not consented: the first run logs the
/// failure in full, later runs log one short line that counts the polls it has lasted, as <c>history</c> folds it.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class RunFoldingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_same_failure_poll_after_poll_is_logged_once_in_full_then_as_same_failure_times_n()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(1);
        await using var _ = intune;
        var refused = new SimulatedFault(403, SimulatedFault.ODataError("Forbidden", "Application is not authorized"));
        intune.Tenant(tenants[0]).AddFault(SimulatedEndpoint.Vpp, refused, times: 100);
        var config = await CliRun.ConfigAsync(
            intune,
            tenants,
            new Dictionary<string, string?> { ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString }
        );

        var first = await RunLoggedAsync(config);
        await RunLoggedAsync(config);
        var third = await RunLoggedAsync(config);

        var full = Assert.Single(CliRun.Lines(first), l => l.Contains("Reading vpp", StringComparison.Ordinal));
        Assert.Contains("Application is not authorized", full, StringComparison.Ordinal);
        var folded = Assert.Single(CliRun.Lines(third), l => l.Contains("Reading vpp", StringComparison.Ordinal));
        Assert.Contains($"Reading vpp of tenant {tenants[0]} failed again (", folded, StringComparison.Ordinal);
        Assert.Contains("same failure ×3 since ", folded, StringComparison.Ordinal);
        Assert.DoesNotContain("Application is not authorized", third, StringComparison.Ordinal);
    }

    /// <summary>What <c>run</c> logs: its console logger writes to the process's standard error.</summary>
    private static async Task<string> RunLoggedAsync(string config)
    {
        var logged = new StringWriter();
        var before = Console.Error;
        Console.SetError(logged);
        try
        {
            var (code, _, stderr) = await CliRun.RunAsync("run", "--config", config);
            Assert.True(code == 3, stderr);
        }
        finally
        {
            Console.SetError(before);
        }

        return logged.ToString();
    }
}
