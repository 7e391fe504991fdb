using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// Nothing TokenWatch adds or is set to send goes nowhere, through <c>tokenwatch</c>, the real Graph client against
/// the simulator and the real Tables client on Azurite: discovery passes the catalog's rules as a manual add does,
/// and a configuration with nobody to tell is refused at start.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class NobodyToTellTests(AzuriteFixture azurite)
{
    private const string Partner = "0a0a0a0a-1111-4222-8333-444444444444";
    private const string ClientId = "11111111-2222-4333-8444-555555555555";
    private const string Consented = "c1000000-0000-4000-8000-000000000000";

    /// <summary>The CLI's settings without any default recipient (the catalog tenants would name their own).</summary>
    private static void NoDefaultRecipients(Dictionary<string, object> t) =>
        t["Email"] = new
        {
            From = "tokenwatch@contoso.example",
            Recipients = Array.Empty<string>(),
            OutboxPath = CatalogCli.TempFolder(),
            SendGridApiKey = "",
        };

    [Fact]
    public async Task Discovery_adds_a_customer_without_recipients_paused_and_leaves_out_ids_that_are_not_tenant_ids()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var partner = app.Intune.AddTenant(Partner);
        partner.Customers.Add(new SimulatedCustomer(Consented, "Customer 1"));
        partner.Customers.Add(new SimulatedCustomer("c2000000-0000-4000-8000-000000000000\u001b[2J", "Escape"));
        partner.Customers.Add(new SimulatedCustomer("../../tenants/other", "Climber"));
        partner.Customers.Add(new SimulatedCustomer("c3000000-0000-4000-8000-000000000000\nforged", "Forger"));
        app.Intune.AddTenant(Consented).OneOfEach(app.Clock.GetUtcNow());
        var cli = await CatalogCli.ForAsync(app, table, t =>
        {
            NoDefaultRecipients(t);
            t["Discovery"] = new
            {
                PartnerTenantId = Partner,
                ClientId,
                Auth = "None",
                OpsRecipients = new[] { "ops@msp.example" },
            };
        });

        var (code, output, error) = await cli.RunAsync("tenants", "discover", "--add");
        var listed = (await cli.RunAsync("tenants", "list")).Out;
        var exported = (await cli.RunAsync("tenants", "export")).Out;
        var reimported = await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(exported));

        Assert.True(code == 0, error);
        Assert.Contains("Added 1 tenants to the catalog: 0 active", output, StringComparison.Ordinal);
        Assert.Matches($@"{Consented}\s+Customer 1\s+catalog\s+paused: no recipients", listed);
        Assert.DoesNotContain("\u001b", output + error + listed + exported, StringComparison.Ordinal);
        Assert.DoesNotContain("../", output + listed + exported, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", output + listed + exported, StringComparison.Ordinal);
        Assert.Equal(2, exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and Customer 1
        Assert.True(reimported.ExitCode == 0, reimported.Err); // what export writes, import takes
        // Not made active with nobody to tell:
        Assert.Equal(3, (await cli.RunAsync("tenants", "resume", Consented)).ExitCode);
    }

    [Fact]
    public async Task Every_channel_off_is_refused_at_start_once_the_catalog_watches_tenants()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        app.Intune.AddTenant("fabrikam.example").OneOfEach(app.Clock.GetUtcNow());
        var cli = await CatalogCli.ForAsync(app, table);
        Assert.Equal(0, (await cli.RunAsync("tenants", "add", "fabrikam.example")).ExitCode);
        var off = await CatalogCli.ForAsync(app, table, t => t["Routing"] = new { Email = "off" });

        var (code, output, error) = await off.RunAsync("run");

        Assert.Equal(3, code);
        Assert.DoesNotContain("digests sent", output, StringComparison.Ordinal);
        Assert.Contains(
            "TokenWatch:Routing has every channel off: the tenants of the catalog follow it",
            error,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_summary_across_tenants_or_of_discovery_with_nobody_to_send_it_to_is_refused_at_start()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table, t =>
        {
            NoDefaultRecipients(t);
            t["Calendar"] = new { Scope = "AcrossTenants" };
            t["Discovery"] = new
            {
                PartnerTenantId = Partner,
                ClientId,
                Auth = "None",
            };
        });

        var (code, _, error) = await cli.RunAsync("run");

        Assert.Equal(3, code);
        Assert.Contains(
            "TokenWatch:Calendar:Scope is AcrossTenants, but neither TokenWatch:Calendar:Recipients nor "
                + "TokenWatch:Email:Recipients names anyone",
            error,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "TokenWatch:Discovery:PartnerTenantId is set, but neither TokenWatch:Discovery:OpsRecipients nor "
                + "TokenWatch:Email:Recipients names anyone",
            error,
            StringComparison.Ordinal
        );
    }
}
