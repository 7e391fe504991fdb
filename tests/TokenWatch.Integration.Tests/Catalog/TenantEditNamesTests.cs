using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// <c>tenants set | pause | resume | remove</c> find a tenant as every other command does: by id, domain or
/// display name; a display name two tenants share is refused with both, and nothing changes.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TenantEditNamesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Set_pause_resume_and_remove_take_the_display_name_and_refuse_one_that_fits_two_tenants()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var (fabrikam, twinA, twinB) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "twin.example");
        await cli.RunAsync("tenants", "add", fabrikam, "--name", "Fabrikam");
        await cli.RunAsync("tenants", "add", twinA, "--name", "Twin");
        await cli.RunAsync("tenants", "add", twinB, "--name", "Twin");

        var set = await cli.RunAsync("tenants", "set", "fabrikam", "--milestones", "60,30");
        var pause = await cli.RunAsync("tenants", "pause", "Fabrikam", "--reason", "migration");
        var paused = await cli.RunAsync("tenants", "list");
        var resume = await cli.RunAsync("tenants", "resume", "Fabrikam");
        var ambiguous = await cli.RunAsync("tenants", "pause", "Twin");
        var remove = await cli.RunAsync("tenants", "remove", "Fabrikam");
        var after = await cli.RunAsync("tenants", "list");

        Assert.True(set.ExitCode == 0, set.Err);
        Assert.Contains($"Changed Fabrikam ({fabrikam})", set.Out, StringComparison.Ordinal);
        Assert.True(pause.ExitCode == 0, pause.Err);
        Assert.Contains("migration", paused.Out, StringComparison.Ordinal);
        Assert.True(resume.ExitCode == 0, resume.Err);
        Assert.StartsWith($"Resumed Fabrikam ({fabrikam})", resume.Out, StringComparison.Ordinal);
        Assert.Equal(3, ambiguous.ExitCode);
        Assert.StartsWith("'Twin' names 2 tenants; give the id of one: ", ambiguous.Err, StringComparison.Ordinal);
        Assert.Contains($"Twin ({twinA})", ambiguous.Err, StringComparison.Ordinal);
        Assert.Contains($"Twin ({twinB})", ambiguous.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("paused", after.Out.Replace("Fabrikam", ""), StringComparison.OrdinalIgnoreCase);
        Assert.True(remove.ExitCode == 0, remove.Err);
        Assert.StartsWith($"Removed {fabrikam} from the catalog", remove.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(fabrikam, after.Out, StringComparison.Ordinal);
    }
}
