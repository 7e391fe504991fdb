using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Infrastructure.Discovery;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// GDAP discovery through the real Graph client against the simulator's <c>delegatedAdminCustomers</c>: pages,
/// a faulting page, the consent probe, and what <c>--add</c> stores.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class DiscoveryTests(AzuriteFixture azurite)
{
    private const string Partner = "0a0a0a0a-1111-4222-8333-444444444444";
    private const string ClientId = "11111111-2222-4333-8444-555555555555";

    private static async Task<(TestApp App, CatalogCli Cli, SimulatedTenant Partner)> StartAsync(
        AzuriteFixture azurite,
        int customers,
        string? outbox = null
    )
    {
        var table = CatalogCli.NewTable();
        var app = await TestApp.StartAsync(azurite, tenants: 0, outbox: outbox, configure: s =>
        {
            s["TokenWatch:Storage:CatalogTable"] = table;
            s["TokenWatch:Graph:RetryDelaySeconds"] = "0";
            s["TokenWatch:Discovery:PartnerTenantId"] = Partner;
            s["TokenWatch:Discovery:ClientId"] = ClientId;
            s["TokenWatch:Discovery:Auth"] = "None";
            s["TokenWatch:Discovery:OpsRecipients:0"] = "ops@msp.example";
        });
        var partner = app.Intune.AddTenant(Partner);
        partner.PageSize = 2;
        for (var i = 1; i <= customers; i++)
        {
            var id = $"c{i}000000-0000-4000-8000-000000000000";
            partner.Customers.Add(new SimulatedCustomer(id, $"Customer {i}"));
            app.Intune.AddTenant(id).OneOfEach(app.Clock.GetUtcNow());
        }

        var cli = await CatalogCli.ForAsync(app, table, t =>
        {
            t["Discovery"] = new
            {
                PartnerTenantId = Partner,
                ClientId,
                Auth = "None",
            };
        });
        return (app, cli, partner);
    }

    [Fact]
    public async Task Discovery_reads_three_pages_through_a_faulting_one_and_tells_watched_new_and_unconsented_apart()
    {
        var (app, cli, partner) = await StartAsync(azurite, customers: 6);
        await using var _ = app;
        app.Intune.Tenant("c5000000-0000-4000-8000-000000000000").Consented = false;
        await cli.RunAsync("tenants", "add", "c1000000-0000-4000-8000-000000000000", "--name", "Customer 1");
        // The first page answers, the second fails once with a 503 (Graph's retry handler asks again), then the rest.
        partner.AddFault(SimulatedEndpoint.DelegatedAdminCustomers, new SimulatedFault(SimulatedFault.PassThrough));
        partner.AddFault(SimulatedEndpoint.DelegatedAdminCustomers, SimulatedFault.Unavailable("0"));

        var (code, output, error) = await cli.RunAsync("tenants", "discover");
        var catalogAfter = (await cli.RunAsync("tenants", "export")).Out;

        Assert.True(code == 0, error);
        var requests = partner.Requests.Where(r => r.Endpoint == SimulatedEndpoint.DelegatedAdminCustomers).ToList();
        Assert.Equal([200, 503, 200, 200], requests.Select(r => r.StatusCode));
        Assert.Contains("c1000000-0000-4000-8000-000000000000  Customer 1  watched", output, StringComparison.Ordinal);
        Assert.Contains(
            "c6000000-0000-4000-8000-000000000000  Customer 6  new (consented)",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "c5000000-0000-4000-8000-000000000000  Customer 5  needs consent",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "admin consent: https://login.microsoftonline.com/c5000000-0000-4000-8000-000000000000/adminconsent"
                + $"?client_id={ClientId}",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "6 GDAP customers: 1 watched, 4 new and consented, 1 need consent, 0 could not be probed, 0 departed.",
            output,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("c6000000", catalogAfter, StringComparison.Ordinal); // without --add it only reads
    }

    [Fact]
    public async Task Add_stores_consented_customers_active_and_unconsented_ones_paused_and_a_later_run_names_departed()
    {
        var (app, cli, partner) = await StartAsync(azurite, customers: 3);
        await using var _ = app;
        app.Intune.Tenant("c2000000-0000-4000-8000-000000000000").Consented = false;

        var (code, output, error) = await cli.RunAsync("tenants", "discover", "--add");
        partner.Customers.RemoveAt(0);
        var again = await cli.RunAsync("tenants", "discover", "--add");
        var listed = (await cli.RunAsync("tenants", "list")).Out;

        Assert.True(code == 0, error);
        Assert.Contains("Added 3 tenants to the catalog: 2 active", output, StringComparison.Ordinal);
        Assert.Contains("1 paused until their admin consents", output, StringComparison.Ordinal);
        Assert.Contains(
            "Customer 1 (c1000000-0000-4000-8000-000000000000) was added by discovery and is no longer a GDAP customer",
            again.Out,
            StringComparison.Ordinal
        );
        Assert.Contains("Added 0 tenants", again.Out, StringComparison.Ordinal);
        Assert.Matches(
            @"c2000000-0000-4000-8000-000000000000\s+Customer 2\s+catalog\s+paused: awaiting admin consent",
            listed
        );
        Assert.Matches(@"c3000000-0000-4000-8000-000000000000\s+Customer 3\s+catalog\s+active", listed);
    }

    [Fact]
    public async Task A_refused_customer_list_names_the_missing_permission_and_adds_nothing()
    {
        var (app, cli, partner) = await StartAsync(azurite, customers: 4);
        await using var _ = app;
        partner.AddFault(SimulatedEndpoint.DelegatedAdminCustomers, new SimulatedFault(SimulatedFault.PassThrough));
        partner.AddPersistentFault(SimulatedEndpoint.DelegatedAdminCustomers, SimulatedFault.Forbidden());

        var (code, output, error) = await cli.RunAsync("tenants", "discover", "--add");

        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains(
            $"grant the application permission {GdapDiscovery.Permission} in the partner tenant",
            error,
            StringComparison.Ordinal
        );
        // The header alone.
        Assert.Single((await cli.RunAsync("tenants", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_daily_run_tells_ops_of_new_unconsented_and_departed_customers_in_one_email()
    {
        var outbox = CatalogCli.TempFolder();
        var (app, cli, partner) = await StartAsync(azurite, customers: 3, outbox);
        await using var _ = app;
        await cli.RunAsync("tenants", "discover", "--add");
        partner.Customers.RemoveAt(0);
        partner.Customers.Add(new SimulatedCustomer("c8000000-0000-4000-8000-000000000000", "Customer 8"));
        partner.Customers.Add(new SimulatedCustomer("c9000000-0000-4000-8000-000000000000", "Customer <9>"));
        app.Intune.AddTenant("c8000000-0000-4000-8000-000000000000").OneOfEach(app.Clock.GetUtcNow());
        app.Intune.AddTenant("c9000000-0000-4000-8000-000000000000").Consented = false;

        var email = await app.Services.GetRequiredService<DiscoverySummary>().RunAsync(CancellationToken.None);

        Assert.NotNull(email);
        Assert.Equal("TokenWatch discovery: 1 new, 1 awaiting consent, 1 departed", email.Subject);
        Assert.Equal(["ops@msp.example"], email.Recipients);
        Assert.Contains("- Customer 8 (c8000000-0000-4000-8000-000000000000)", email.Text, StringComparison.Ordinal);
        Assert.Contains(
            "- Customer <9> (c9000000-0000-4000-8000-000000000000): "
                + "https://login.microsoftonline.com/c9000000-0000-4000-8000-000000000000/adminconsent"
                + $"?client_id={ClientId}",
            email.Text,
            StringComparison.Ordinal
        );
        Assert.Contains("- Customer 1 (c1000000-0000-4000-8000-000000000000)", email.Text, StringComparison.Ordinal);
        Assert.Contains("Customer &lt;9&gt;", email.Html, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(outbox, "discovery-*.eml"));
    }
}
