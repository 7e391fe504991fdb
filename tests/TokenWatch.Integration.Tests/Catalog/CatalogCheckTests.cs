using System.Text.Json;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary>
/// <c>tokenwatch check</c> reads the tenants <c>run</c> polls: catalog tenants with their own sign-in and thresholds,
/// whether named with <c>--tenant</c> or checked all together with no configured tenant at all (the simulator on
/// the system clock, as check reads it, and the shared Azurite with a catalog table of the test's own).
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class CatalogCheckTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly string _contoso = Guid.NewGuid().ToString();
    private readonly string _fabrikam = Guid.NewGuid().ToString();
    private readonly string _table = CatalogCli.NewTable();
    private SimulatedIntune _intune = null!;

    public async Task InitializeAsync()
    {
        _intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        foreach (var id in new[] { _contoso, _fabrikam })
        {
            // 40 days left: ok by the global 30-day warning window, a warning by a tenant's own 50-day one.
            var tenant = _intune.AddTenant(id).OneOfEach(DateTimeOffset.UtcNow);
            tenant.AdeTokens[0].TokenExpirationDateTime = DateTimeOffset.UtcNow.AddDays(40).AddHours(1);
        }
    }

    public async Task DisposeAsync() => await _intune.DisposeAsync();

    /// <summary>Settings with no configured tenant; <paramref name="auth"/> is the global sign-in.</summary>
    private async Task<string> ConfigAsync(string auth)
    {
        var settings = new
        {
            TokenWatch = new
            {
                Graph = new
                {
                    BaseUrl = _intune.BaseUrl + "/tenants/{tenantId}",
                    Auth = auth,
                    RetryDelaySeconds = 0,
                },
                Email = new
                {
                    From = "tokenwatch@msp.example",
                    Recipients = new[] { "ops@msp.example" },
                    OutboxPath = CatalogCli.TempFolder(),
                    SendGridApiKey = "",
                },
                Storage = new { ConnectionString = azurite.ConnectionString, CatalogTable = _table },
            },
        };
        var path = Path.Combine(CatalogCli.TempFolder(), "tokenwatch.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(settings, Indented));
        return path;
    }

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(string config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync([.. args, "--config", config], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, JsonElement> Tenants(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc
            .RootElement.GetProperty("tenants")
            .EnumerateArray()
            .ToDictionary(t => t.GetProperty("tenantId").GetString()!, t => t.Clone());
    }

    private static string AdeStatus(JsonElement tenant) =>
        tenant
            .GetProperty("tokens")
            .EnumerateArray()
            .Single(t => t.GetProperty("kind").GetString() == "ade")
            .GetProperty("status")
            .GetString()!;

    [Fact]
    public async Task A_tenant_only_in_the_catalog_is_checked_with_its_own_sign_in_name_and_thresholds()
    {
        // The global sign-in needs a client id and secret this deployment does not have: only the catalog row's
        // own sign-in (none, against the loopback simulator) can read the tenant.
        var config = await ConfigAsync(auth: "ClientSecret");
        var added = await RunAsync(
            config,
            "tenants",
            "add",
            _contoso,
            "--name",
            "Contoso",
            "--auth",
            "none",
            "--expiry-warning-days",
            "50"
        );
        Assert.True(added.ExitCode == 0, added.Err);

        var (code, output, error) = await RunAsync(config, "check", "--tenant", _contoso, "--output", "json");
        var (tableCode, table, _) = await RunAsync(config, "check", "--tenant", _contoso);

        Assert.True(code == 1, error);
        Assert.DoesNotContain("configuration:", error, StringComparison.Ordinal);
        var contoso = Assert.Single(Tenants(output)).Value;
        Assert.Equal(_contoso, contoso.GetProperty("tenantId").GetString());
        Assert.Equal("Contoso", contoso.GetProperty("displayName").GetString());
        Assert.Equal(0, contoso.GetProperty("failures").GetArrayLength());
        Assert.Equal("warning", AdeStatus(contoso)); // its own 50-day window; the global 30 days would say ok
        Assert.Equal(1, tableCode);
        Assert.Contains("Overall: WARNING", table, StringComparison.Ordinal);
        Assert.Single(table.Split('\n'), r =>
            r.Contains("Contoso", StringComparison.Ordinal) && r.Contains("│ ade ", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Check_with_only_catalog_tenants_reads_each_by_its_own_policy()
    {
        var config = await ConfigAsync(auth: "None");
        await RunAsync(config, "tenants", "add", _contoso, "--name", "Contoso", "--expiry-warning-days", "50");
        await RunAsync(config, "tenants", "add", _fabrikam, "--name", "Fabrikam");

        var (code, output, error) = await RunAsync(config, "check", "--output", "json");

        Assert.True(code == 1, error);
        Assert.DoesNotContain("TokenWatch:Tenants is empty", error, StringComparison.Ordinal);
        var tenants = Tenants(output);
        Assert.Equal(
            new[] { _contoso, _fabrikam }.Order(StringComparer.Ordinal),
            tenants.Keys.Order(StringComparer.Ordinal)
        );
        Assert.Equal("Contoso", tenants[_contoso].GetProperty("displayName").GetString());
        Assert.Equal("warning", AdeStatus(tenants[_contoso]));
        Assert.Equal("Fabrikam", tenants[_fabrikam].GetProperty("displayName").GetString());
        Assert.Equal("ok", AdeStatus(tenants[_fabrikam]));
    }

    [Fact]
    public async Task An_unknown_tenant_is_read_with_the_global_sign_in_and_an_empty_catalog_is_named()
    {
        var config = await ConfigAsync(auth: "None");

        var (emptyCode, emptyOutput, emptyError) = await RunAsync(config, "check", "--output", "json");
        var (code, output, error) = await RunAsync(config, "check", "--tenant", _fabrikam, "--output", "json");

        Assert.Equal(3, emptyCode);
        Assert.Equal("", emptyOutput);
        Assert.Contains(
            "check: no tenant to check: TokenWatch:Tenants is empty and the tenant catalog has none",
            emptyError,
            StringComparison.Ordinal
        );
        Assert.True(code == 0, error);
        var fabrikam = Assert.Single(Tenants(output)).Value;
        Assert.Equal(_fabrikam, fabrikam.GetProperty("displayName").GetString()); // no name but its id
        Assert.Equal("ok", AdeStatus(fabrikam));
    }
}
