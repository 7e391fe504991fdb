using System.Text.Json;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>One tenant resolver for every command: id, domain or display name; an ambiguous name is refused.</summary>
public sealed class TenantNamesTests
{
    [Fact]
    public async Task Check_finds_a_watched_tenant_by_its_display_name_and_reads_no_other()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(2);
        await using var _ = intune;
        var config = await CliRun.ConfigAsync(intune, tenants, new Dictionary<string, string?>());

        var (code, stdout, stderr) = await CliRun.RunAsync(
            "check",
            "--tenant",
            "tenant 2",
            "--output",
            "json",
            "--config",
            config
        );

        Assert.True(code == 0, stderr);
        var checkedTenant = Assert.Single(
            JsonDocument.Parse(stdout).RootElement.GetProperty("tenants").EnumerateArray()
        );
        Assert.Equal(tenants[1], checkedTenant.GetProperty("tenantId").GetString());
        Assert.False(checkedTenant.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task A_name_that_fits_two_tenants_is_refused_with_both_candidates()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(2);
        await using var _ = intune;
        var config = await CliRun.ConfigAsync(
            intune,
            tenants,
            new Dictionary<string, string?>
            {
                ["TokenWatch:Tenants:0:DisplayName"] = "Contoso",
                ["TokenWatch:Tenants:1:DisplayName"] = "Contoso",
            }
        );

        var (code, stdout, stderr) = await CliRun.RunAsync("check", "--tenant", "Contoso", "--config", config);

        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(CliRun.Lines(stderr));
        Assert.StartsWith("'Contoso' names 2 tenants; give the id of one: ", line, StringComparison.Ordinal);
        Assert.Contains($"Contoso ({tenants[0]})", line, StringComparison.Ordinal);
        Assert.Contains($"Contoso ({tenants[1]})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_is_not_an_id_and_not_watched_is_refused_not_read_as_a_new_tenant()
    {
        var (intune, tenants) = await CliRun.SimulatorAsync(1);
        await using var _ = intune;
        var config = await CliRun.ConfigAsync(intune, tenants, new Dictionary<string, string?>());

        var (code, _, stderr) = await CliRun.RunAsync("check", "--tenant", "Fabrikam", "--config", config);

        Assert.Equal(3, code);
        Assert.StartsWith("Tenant 'Fabrikam' is neither configured nor in the tenant catalog.", stderr);
        Assert.Equal(0, intune.RequestCount);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("snooze")]
    [InlineData("tenants", "list")]
    [InlineData("tenants", "import")]
    [InlineData("demo")]
    public async Task Every_command_gives_its_exit_codes_in_its_help(params string[] command)
    {
        var (code, stdout, _) = await CliRun.RunAsync([.. command, "--help"]);

        Assert.Equal(0, code);
        Assert.Contains("Exit code", stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }
}
