using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// The tenant catalog through <c>tokenwatch tenants</c>, the real Tables client against Azurite and the simulator:
/// a thousand tenants in one import, read by a running app at its next poll; a bad file changes nothing.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class CatalogImportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_thousand_tenants_imported_from_csv_are_all_read_by_the_next_poll_without_a_restart()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 1, configure: s =>
        {
            s["TokenWatch:Storage:CatalogTable"] = table;
            s["TokenWatch:Cycle:MaxParallelism"] = "32";
        });
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        var ids = Enumerable
            .Range(0, 1000)
            .Select(i => $"{i:D4}0000-0000-4000-8000-{Guid.NewGuid().ToString("N")[..12]}")
            .ToList();
        foreach (var id in ids)
        {
            app.Intune.AddTenant(id).OneOfEach(app.Clock.GetUtcNow());
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var before = await poll.RunAsync(CancellationToken.None);
        var csv = new StringBuilder("tenantId,displayName,recipients\n");
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            csv.Append(id).Append(",Customer ").Append(i).Append(",admins@customer").Append(i).Append(".example\n");
        }

        var cli = await CatalogCli.ForAsync(app, table);
        var (code, output, error) = await cli.RunAsync(
            "tenants",
            "import",
            await CatalogCli.WriteFileAsync(csv.ToString())
        );
        var after = await poll.RunAsync(CancellationToken.None);

        Assert.Equal(1, before.Tenants); // the configured tenant alone
        Assert.True(code == 0, error);
        Assert.Contains("Imported 1000 tenants", output, StringComparison.Ordinal);
        Assert.Equal(1001, after.Tenants); // the same app, no restart: configured and catalog tenants together
        Assert.Equal(0, after.UnreadTenants);
        Assert.Equal(3003, after.Tokens);
        var stored = await app.RowsAsync("TokenState");
        var tokenRows = stored.Where(r =>
            r.RowKey.StartsWith("token|", StringComparison.Ordinal) && r.RowKey != "token|!head"
        );
        Assert.Equal(3, tokenRows.Count());
    }

    [Fact]
    public async Task A_file_with_bad_rows_changes_nothing_and_names_each_bad_line()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var good =
            "tenantId,displayName,milestones\nfabrikam.example,Fabrikam,\"90,30\"\nnorthwind.example,Northwind,\n";
        Assert.Equal(0, (await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(good))).ExitCode);
        var before = (await cli.RunAsync("tenants", "export")).Out;

        var bad =
            "tenantId,displayName,recipients,milestones\n"
            + "fabrikam.example,Fabrikam Renamed,,\n"
            + // line 2: fine, an update
            "tailspin.example,Tailspin,ops@tailspin.example,\n"
            + // line 3: fine, new
            "contoso.example,Contoso,not-an-address,\n"
            + // line 4: bad recipient
            "wide world,Wide World,,\n"
            + // line 5: bad tenant id
            "litware.example,Litware,,\"30,0\"\n"; // line 6: bad milestone
        var (code, output, error) = await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(bad));
        var after = (await cli.RunAsync("tenants", "export")).Out;

        Assert.Equal(3, code);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("line 4: recipients has 'not-an-address'", StringComparison.Ordinal));
        Assert.Contains(lines, l =>
            l.Contains("line 5: tenantId 'wide world' is not a tenant id or domain", StringComparison.Ordinal)
        );
        Assert.Contains(lines, l => l.Contains("line 6: milestones '30,0'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("nothing was imported (3 problems).", StringComparison.Ordinal));
        Assert.Equal(4, lines.Length);
        Assert.Equal(before, after); // not even the good rows: no tailspin, no rename
        Assert.Contains("Fabrikam,", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_and_import_round_trip_every_field()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        await cli.RunAsync(
            "tenants",
            "add",
            "fabrikam.example",
            "--name",
            "Fabrikam, Inc.",
            "--recipients",
            "a@fabrikam.example;b@fabrikam.example",
            "--critical-recipients",
            "oncall@msp.example",
            "--milestones",
            "90,45,10",
            "--expiry-warning-days",
            "45",
            "--ade-sync-warning-hours",
            "36",
            "--ade-sync-critical-hours",
            "96",
            "--vpp-sync-warning-hours",
            "50",
            "--auth",
            "none"
        );
        await cli.RunAsync("tenants", "add", "northwind.example", "--paused");
        var exported = (await cli.RunAsync("tenants", "export")).Out;

        var copy = await CatalogCli.ForAsync(app, CatalogCli.NewTable());
        var (code, _, error) = await copy.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(exported));
        var again = (await copy.RunAsync("tenants", "export")).Out;

        Assert.True(code == 0, error);
        Assert.Equal(exported, again);
        Assert.Contains(
            "fabrikam.example,\"Fabrikam, Inc.\",a@fabrikam.example;b@fabrikam.example,oncall@msp.example,"
                + "None,,,,false,,\"90,45,10\",45,36,96,50,",
            exported,
            StringComparison.Ordinal
        );
        Assert.Contains("northwind.example,,,,,,,,true,added paused,,,,,,", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_change_prints_one_line_per_problem_and_exits_3()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 1, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table, t =>
            t["Tenants"] = new[] { new { TenantId = app.TenantIds[0] } }
        );

        var (code, output, error) = await cli.RunAsync(
            "tenants",
            "add",
            "contoso.example",
            "--recipients",
            "nobody",
            "--milestones",
            "400",
            "--auth",
            "client-secret",
            "--secret-name",
            "sk_live.abc~123"
        );
        var configured = await cli.RunAsync("tenants", "add", app.TenantIds[0]);

        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Equal(
            [
                "contoso.example: recipients has 'nobody', which is not an email address.",
                "contoso.example: clientId is required for auth 'ClientSecret': the app registration's client id "
                    + "(a GUID).",
                "contoso.example: secretName is not a Key Vault secret name (1-127 letters, digits and '-'); "
                    + "give the name, never the secret itself.",
                "contoso.example: auth 'ClientSecret' reads its secret from Key Vault, but "
                    + "TokenWatch:Graph:KeyVaultUri is not set.",
                "contoso.example: milestones '400': '400' is not a whole number of days from 1 to 366.",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        );
        Assert.DoesNotContain("sk_live", error, StringComparison.Ordinal);
        Assert.Equal(3, configured.ExitCode);
        Assert.Contains("configured in app settings", configured.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(
            "contoso.example",
            (await cli.RunAsync("tenants", "export")).Out,
            StringComparison.Ordinal
        );
    }
}
