namespace TokenWatch.Integration.Tests.Cli;

/// <summary>A recipient mail cannot reach is refused at start, with the address named.</summary>
public sealed class RecipientTests
{
    [Fact]
    public async Task A_recipient_without_a_dotted_domain_is_refused()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(1);
        await using var _ = intune;
        var config = await CliRun.ConfigAsync(
            intune,
            tenants,
            new Dictionary<string, string?> { ["TokenWatch:Email:Recipients:0"] = "it@cust12" }
        );

        var (code, stdout, stderr) = await CliRun.RunAsync("run", "--config", config);

        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.Contains(CliRun.Lines(stderr), l =>
            l.StartsWith("configuration: ", StringComparison.Ordinal) && l.Contains("it@cust12")
        );
        Assert.Equal(0, intune.RequestCount);
    }
}
