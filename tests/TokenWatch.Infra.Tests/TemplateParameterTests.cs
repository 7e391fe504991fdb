using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Core.Cycle;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>Parameters ops may set give a deployment Azure accepts, a redeploy that works, and a sized app.</summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class TemplateParameterTests(InfraFixture infra)
{
    private JsonObject MainParameters => infra.CompiledTemplate["parameters"]!.AsObject();

    [Fact]
    public void Free_form_settings_are_secure_all_the_way_to_the_app_settings()
    {
        Assert.Equal("secureObject", MainParameters["additionalAppSettings"]!["type"]!.ToString());
        var functionApp = ArmTemplate
            .AllTemplates(infra.CompiledTemplate)
            .Single(s => s.Path.EndsWith("/functionApp", StringComparison.Ordinal));
        Assert.Equal("secureObject", functionApp.Template["parameters"]!["additionalAppSettings"]!["type"]!.ToString());
    }

    [Fact]
    public void Tenant_auth_offers_no_client_certificate_which_Flex_cannot_load()
    {
        var allowed = infra.CompiledTemplate["definitions"]!["tenantConfig"]!["properties"]!["auth"]!["allowedValues"]!
            .AsArray()
            .Select(v => v!.ToString());
        Assert.Equal(["ClientSecret", "FederatedManagedIdentity", "ManagedIdentity"], allowed.Order());
    }

    [Fact]
    public void Schedules_are_described_as_UTC_without_WEBSITE_TIME_ZONE()
    {
        foreach (var name in new[] { "pollSchedule", "evaluateSchedule" })
        {
            var description = MainParameters[name]!["metadata"]!["description"]!.ToString();
            Assert.Contains("UTC", description, StringComparison.Ordinal);
            Assert.DoesNotContain("unless WEBSITE_TIME_ZONE", description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_redeploy_after_removal_can_recover_the_soft_deleted_key_vault()
    {
        var recovering = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(InfraFixture.DefaultEnvironment)
            {
                ["TOKENWATCH_RECOVER_KEY_VAULT"] = "true",
            }
        );

        Assert.Equal(
            "default",
            infra.DefaultSnapshot.SingleOf("Microsoft.KeyVault/vaults")["properties"]!["createMode"]!.ToString()
        );
        Assert.Equal(
            "recover",
            recovering.SingleOf("Microsoft.KeyVault/vaults")["properties"]!["createMode"]!.ToString()
        );
        Assert.Contains(
            "TOKENWATCH_RECOVER_KEY_VAULT",
            File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md")),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Function_timeout_outlasts_a_Graph_brown_out_at_the_benchmarked_tenant_count()
    {
        // Every tenant timing out: tenants ÷ parallelism rounds of the tenant timeout (docs/benchmarks.md: 1,000).
        var tenants = BenchmarkedTenants();
        var cycle = new CycleSettings();
        var worstPoll = TimeSpan.FromSeconds(
            Math.Ceiling(tenants / (double)cycle.MaxParallelism) * cycle.TenantTimeoutSeconds
        );
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")))!;
        var timeout = TimeSpan.Parse(
            host["functionTimeout"]!.ToString(),
            System.Globalization.CultureInfo.InvariantCulture
        );

        Assert.Equal(1000, tenants);
        Assert.True(timeout >= worstPoll, $"functionTimeout {timeout} is shorter than a brown-out poll of {worstPoll}");
        Assert.True(timeout < TimeSpan.FromHours(3), "a poll must end before the missed-poll alert's 3 hours");
    }

    [Fact]
    public void Instance_memory_is_the_smallest_size_with_room_for_the_benchmarked_peak()
    {
        var peak = BenchmarkedPeakMegabytes();
        var memory = MainParameters["instanceMemoryMB"]!;
        Assert.Equal(512, memory["defaultValue"]!.GetValue<int>());
        // Half for TokenWatch's worker (the benchmark's peak), half for the Functions host beside it.
        Assert.True(peak * 2 <= 512, $"the benchmark peaks at {peak} MB");
    }

    private static string Benchmarks => File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "benchmarks.md"));

    /// <summary>The latest run's tenant count (the last "## Re-run" section of docs/benchmarks.md).</summary>
    private static int BenchmarkedTenants() =>
        int.Parse(
            TenantsRow().Matches(LatestRun()).Last().Groups["n"].Value.Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture
        );

    private static int BenchmarkedPeakMegabytes() =>
        PeakRow()
            .Matches(LatestRun())
            .SelectMany(m => m.Groups["mb"].Captures)
            .Max(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The last "## Re-run" section, up to the next section: the run the sizing is based on.</summary>
    private static string LatestRun()
    {
        var start = Benchmarks.LastIndexOf("\n## Re-run", StringComparison.Ordinal);
        var end = Benchmarks.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? Benchmarks[start..] : Benchmarks[start..end];
    }

    [GeneratedRegex(@"^\| Tenants \| (?<n>[\d,]+) \|", RegexOptions.Multiline)]
    private static partial Regex TenantsRow();

    [GeneratedRegex(@"^\| Peak working set[^|]*\| (?<mb>\d+) MB \| (?<mb>\d+) MB \|", RegexOptions.Multiline)]
    private static partial Regex PeakRow();
}
