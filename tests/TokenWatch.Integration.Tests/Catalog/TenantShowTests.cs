using TokenWatch.Infrastructure.Graph;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// <c>tokenwatch tenants show</c>: a catalog tenant's effective policy, each value with where it comes from; its
/// sync thresholds are the global per-kind ones (<c>TokenWatch:Health</c>) where it sets none, and within their bounds.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TenantShowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Show_prints_each_value_and_whether_the_tenant_sets_it_or_inherits_the_global_setting()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var added = await cli.RunAsync(
            "tenants",
            "add",
            "fabrikam.example",
            "--name",
            "Fabrikam",
            "--milestones",
            "90,30",
            "--ade-sync-warning-hours",
            "36",
            "--vpp-sync-critical-hours",
            "96"
        );

        var (code, output, error) = await cli.RunAsync("tenants", "show", "fabrikam.example");

        Assert.True(added.ExitCode == 0, added.Err);
        Assert.True(code == 0, error);
        var settings = output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 3)
            .ToDictionary(cells => cells[0], cells => (Value: cells[1], From: cells[2]));
        Assert.Equal(("90,30", "tenant"), settings["Milestones"]);
        Assert.Equal(("30", "global: TokenWatch:Health:ExpiryWarningDays"), settings["ExpiryWarningDays"]);
        Assert.Equal(("36", "tenant"), settings["AdeSyncWarningHours"]);
        Assert.Equal(("72", "global: TokenWatch:Health:AdeSyncCriticalHours"), settings["AdeSyncCriticalHours"]);
        Assert.Equal(("48", "global: TokenWatch:Health:VppSyncWarningHours"), settings["VppSyncWarningHours"]);
        Assert.Equal(("96", "tenant"), settings["VppSyncCriticalHours"]);
        Assert.Equal(("admins@contoso.example", "global: TokenWatch:Email:Recipients"), settings["Recipients"]);
        Assert.Contains("\nCloud: Global (TokenWatch:Graph:Cloud)\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Show_prints_an_app_settings_tenants_own_cloud_and_its_Key_Vault_secret_name()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table, t =>
        {
            t["Graph"] = new
            {
                BaseUrl = $"{app.Intune.BaseUrl}/clouds/{CloudEndpoints.GraphHostPlaceholder}/tenants/{{tenantId}}",
                Auth = "None",
                KeyVaultUri = "https://kv-tw-test.vault.azure.net/",
            };
            t["Tenants"] = new[]
            {
                new
                {
                    TenantId = "northwind.example",
                    DisplayName = "Northwind",
                    Cloud = "USGov",
                    Auth = "ClientSecret",
                    ClientId = "11111111-2222-3333-4444-555555555555",
                    SecretName = "NorthwindClientSecret",
                },
            };
        });

        var (code, output, error) = await cli.RunAsync("tenants", "show", "northwind.example");

        Assert.True(code == 0, error);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("Cloud: USGov", lines);
        Assert.Contains(
            "Sign-in: client id 11111111-2222-3333-4444-555555555555, Key Vault secret NorthwindClientSecret",
            lines
        );
    }

    [Fact]
    public async Task Sync_thresholds_outside_the_global_bounds_or_out_of_order_once_inherited_are_refused()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);

        // ADE syncs every 12 hours: a 6-hour warning would flap on a healthy tenant.
        var tooSoon = await cli.RunAsync("tenants", "add", "contoso.example", "--ade-sync-warning-hours", "6");
        // Above the global VPP critical value (72 h) it inherits.
        var outOfOrder = await cli.RunAsync("tenants", "add", "northwind.example", "--vpp-sync-warning-hours", "80");
        var export = await cli.RunAsync("tenants", "export");

        Assert.Equal(3, tooSoon.ExitCode);
        Assert.Equal(
            "contoso.example: adeSyncWarningHours 6 is not from 13 to 720 "
                + "(the bounds of TokenWatch:Health:AdeSyncWarningHours).",
            tooSoon.Err.Trim()
        );
        Assert.Equal(3, outOfOrder.ExitCode);
        Assert.Contains(
            "VppSyncWarningHours (80) must be below VppSyncCriticalHours (72)",
            outOfOrder.Err,
            StringComparison.Ordinal
        );
        // The header alone: nothing stored.
        Assert.Single(export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
