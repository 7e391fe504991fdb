using System.Text.Json;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// <c>tokenwatch</c> run as a user runs it, with a settings file pointing at a test app's simulator and Azurite and
/// a catalog table of the test's own (tests share one Azurite; the catalog is one table for all tenants).
/// </summary>
internal sealed class CatalogCli
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private CatalogCli(string configPath, string table)
    {
        ConfigPath = configPath;
        Table = table;
    }

    public string ConfigPath { get; }

    public string Table { get; }

    public static string NewTable() => "Catalog" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<CatalogCli> ForAsync(
        TestApp app,
        string table,
        Action<Dictionary<string, object>>? extra = null
    )
    {
        var tokenWatch = new Dictionary<string, object>
        {
            ["Graph"] = new
            {
                BaseUrl = app.Intune.BaseUrl + "/tenants/{tenantId}",
                Auth = "None",
                RetryDelaySeconds = 0,
            },
            ["Email"] = new
            {
                From = "tokenwatch@contoso.example",
                Recipients = new[] { "admins@contoso.example" },
                OutboxPath = TempFolder(),
                SendGridApiKey = "",
            },
            ["Storage"] = new { ConnectionString = app.StorageConnectionString, CatalogTable = table },
        };
        extra?.Invoke(tokenWatch);
        var path = Path.Combine(TempFolder(), "tokenwatch.json");
        await File.WriteAllTextAsync(
            path,
            JsonSerializer.Serialize(new Dictionary<string, object> { ["TokenWatch"] = tokenWatch }, Indented)
        );
        return new CatalogCli(path, table);
    }

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync(
            [.. args, "--config", ConfigPath],
            stdout,
            stderr,
            CancellationToken.None
        );
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static async Task<string> WriteFileAsync(string text)
    {
        var path = Path.Combine(TempFolder(), "tenants.csv");
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
