using System.Text.RegularExpressions;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>docs/deploy.md and docs/operations.md describe the deployment that exists.</summary>
public sealed partial class DeployDocsTests
{
    private static string Deploy => File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md"));

    private static string Operations => File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "operations.md"));

    [Fact]
    public void The_azd_walkthrough_creates_the_resource_group_before_azd_up()
    {
        var walkthrough = Deploy[Deploy.IndexOf("## Deploy: one command", StringComparison.Ordinal)..];
        var create = walkthrough.IndexOf("az group create --name rg-tokenwatch", StringComparison.Ordinal);

        Assert.InRange(create, 0, walkthrough.IndexOf("azd up", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_run_check_lists_every_function_the_app_has()
    {
        var functions = typeof(PollTokens)
            .Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false))
            .Where(a => a.Length > 0)
            .Select(a => ((Microsoft.Azure.Functions.Worker.FunctionAttribute)a[0]).Name)
            .ToList();
        var check = Deploy[Deploy.IndexOf("## First-run check", StringComparison.Ordinal)..];
        check = check[..check.IndexOf("\n2. ", StringComparison.Ordinal)];

        Assert.Equal(8, functions.Count);
        Assert.All(functions, f => Assert.Contains($"`{f}`", check, StringComparison.Ordinal));
    }

    [Fact]
    public void No_doc_sends_ops_to_the_Log_stream_that_OpenTelemetry_mode_does_not_support()
    {
        foreach (var line in (Deploy + Operations).Split('\n').Where(l => l.Contains("Log stream")))
        {
            Assert.Contains("does not work in OpenTelemetry mode", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_time_budget_in_operations_md_follows_host_json()
    {
        var seconds = HostTimeout.Seconds(Path.Combine(RepositoryPaths.Root, "host.json"))!.Value;
        var budget = Budget().Match(Operations);

        Assert.True(budget.Success, "docs/operations.md no longer states the poll's time budget");
        // FunctionTimeoutSeconds − TenantTimeoutSeconds (60) − 30 s.
        Assert.Equal(seconds - 60 - 30, int.Parse(budget.Groups["seconds"].Value.Replace(",", "")));
    }

    [GeneratedRegex(@"a budget of (?<seconds>[\d,]+) s")]
    private static partial Regex Budget();
}
