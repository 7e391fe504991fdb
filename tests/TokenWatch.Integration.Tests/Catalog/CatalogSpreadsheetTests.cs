using System.Globalization;
using System.Text;
using CsvHelper;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// The catalog's CSV as a spreadsheet writes and opens it, through <c>tokenwatch tenants import | export</c> and the
/// real Tables client on Azurite: no formula out of outside text, Excel's booleans, and a file with a bad row
/// (however its ids differ) changes nothing.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class CatalogSpreadsheetTests(AzuriteFixture azurite)
{
    private async Task<(TestApp App, CatalogCli Cli)> StartAsync()
    {
        var table = CatalogCli.NewTable();
        var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        return (app, await CatalogCli.ForAsync(app, table));
    }

    private static List<string[]> Cells(string csvText)
    {
        using var csv = new CsvReader(new StringReader(csvText), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i) ?? "").ToArray());
        }

        return rows;
    }

    [Fact]
    public async Task Export_writes_no_cell_a_spreadsheet_runs_as_a_formula_and_import_reads_it_back_as_it_was()
    {
        var (app, cli) = await StartAsync();
        await using var _ = app;
        var hostile =
            "tenantId,displayName,paused,pausedReason\n"
            + "fabrikam.example,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Renew\"\")\",true,-2+3\n"
            + "northwind.example,@SUM(A1),true,+1\n"
            + "contoso.example,'quoted,true,\uFF1D1+1\n";
        Assert.Equal(0, (await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(hostile))).ExitCode);

        var exported = (await cli.RunAsync("tenants", "export")).Out;
        var (again, reimport) = await StartAsync(); // a second catalog, filled from the exported file alone
        await using var __ = again;
        var imported = await reimport.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(exported));
        var exportedAgain = (await reimport.RunAsync("tenants", "export")).Out;

        var cells = Cells(exported).Skip(1).SelectMany(r => r).Where(c => c.Length > 0).ToList();
        Assert.DoesNotContain(cells, c => c[0] is '=' or '+' or '-' or '@' or '\uFF1D');
        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"Renew\")", cells);
        Assert.Contains("'-2+3", cells);
        Assert.Contains("''quoted", cells); // an apostrophe of its own is kept, not taken for the escape
        Assert.True(imported.ExitCode == 0, imported.Err);
        Assert.Equal(exported, exportedAgain); // what export wrote, import read back as it was
        var listed = (await reimport.RunAsync("tenants", "show", "fabrikam.example")).Out;
        Assert.Contains("=HYPERLINK(", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("'=HYPERLINK(", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reads_booleans_as_excel_writes_them()
    {
        var (app, cli) = await StartAsync();
        await using var _ = app;
        var excel =
            "tenantId,displayName,paused\r\nfabrikam.example,Fabrikam,TRUE\r\nnorthwind.example,Northwind,FALSE\r\n";

        var (code, output, error) = await cli.RunAsync("tenants", "import", await CatalogCli.WriteFileAsync(excel));
        var rows = Cells((await cli.RunAsync("tenants", "export")).Out);

        Assert.True(code == 0, error);
        Assert.Contains("Imported 2 tenants", output, StringComparison.Ordinal);
        var paused = rows[0].ToList().IndexOf("paused");
        Assert.Equal("true", rows.Single(r => r[0] == "fabrikam.example")[paused]);
        Assert.Equal("false", rows.Single(r => r[0] == "northwind.example")[paused]);
    }

    [Fact]
    public async Task A_file_with_a_unicode_case_duplicate_after_a_hundred_rows_changes_nothing()
    {
        var (app, cli) = await StartAsync();
        await using var _ = app;
        var csv = new StringBuilder("tenantId,displayName\n");
        for (var i = 0; i < 110; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"customer{i:D3}.example,Customer {i}\n");
        }

        csv.Append("kelvin.example,Kelvin\n"); // line 112
        csv.Append("\u212Aelvin.example,Kelvin sign\n"); // line 113: the Kelvin sign, the same catalog key

        var (code, output, error) = await cli.RunAsync(
            "tenants",
            "import",
            await CatalogCli.WriteFileAsync(csv.ToString())
        );
        var after = Cells((await cli.RunAsync("tenants", "export")).Out);

        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains("line 113: tenant \u212Aelvin.example is also on line 112.", error, StringComparison.Ordinal);
        Assert.Contains("nothing was imported (1 problems).", error, StringComparison.Ordinal);
        Assert.Single(after); // the header alone: not the first hundred rows either
    }
}
