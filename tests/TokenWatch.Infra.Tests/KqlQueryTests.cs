using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// Every KQL query shipped to ops (docs, workbook, every log alert rule) parses and resolves against the
/// Application Insights schema, checked offline by the Kusto language service (scripts/check-kql.cjs).
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class KqlQueryTests(InfraFixture infra)
{
    private const string KustoPackage = "@kusto/language-service-next";

    [SkippableFact]
    public void Shipped_queries_have_no_errors()
    {
        NodeTools.SkipUnlessPackageInstalled(KustoPackage);
        var queries = ShippedQueries();
        Assert.True(queries.Count >= 20, $"expected the docs, workbook and alert queries, found {queries.Count}");
        Assert.Equal(17, queries.Count(q => q.Name.StartsWith("alert", StringComparison.Ordinal)));
        Assert.Contains(queries, q => q.Name.StartsWith("docs/operations.md", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Name.StartsWith("workbook", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Name.StartsWith("alert", StringComparison.Ordinal));

        var failures = Check(queries)
            .Where(r => r.Errors.Count > 0)
            .Select(r => $"{r.Name}:\n  {string.Join("\n  ", r.Errors)}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [SkippableFact]
    public void Checker_reports_an_unknown_column_and_a_syntax_error()
    {
        NodeTools.SkipUnlessPackageInstalled(KustoPackage);
        var results = Check([
            ("typo", "traces | where tostring(customDimension.EventName) == \"PollCompleted\""),
            ("syntax", "traces | where | summarize count()"),
            ("fine", "traces | summarize count() by bin(timestamp, 1h)"),
        ]);
        Assert.NotEmpty(results.Single(r => r.Name == "typo").Errors);
        Assert.NotEmpty(results.Single(r => r.Name == "syntax").Errors);
        Assert.Empty(results.Single(r => r.Name == "fine").Errors);
    }

    private List<(string Name, string Query)> ShippedQueries()
    {
        var queries = new List<(string Name, string Query)>();
        foreach (var doc in new[] { "operations.md", "deploy.md" })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, doc));
            queries.AddRange(
                KustoBlock().Matches(text).Select((m, i) => ($"docs/{doc} block {i + 1}", m.Groups["query"].Value))
            );
        }

        var workbook = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "workbook", "tokenwatch.workbook.json"))
        )!;
        queries.AddRange(
            workbook["items"]!
                .AsArray()
                .Where(i => i!["type"]!.GetValue<int>() == 3)
                .Select(i => ($"workbook item {i!["name"]}", i["content"]!["query"]!.ToString()))
        );

        queries.AddRange(AlertQueries(infra.DefaultSnapshot).Select(a => ($"alert {a.Name}", a.Query)));
        return queries;
    }

    /// <summary>Every log alert rule's query, by rule name.</summary>
    internal static IEnumerable<(string Name, string Query)> AlertQueries(DeploymentSnapshot snapshot) =>
        snapshot
            .OfType("Microsoft.Insights/scheduledQueryRules")
            .Select(r => (r["name"]!.ToString(), r["properties"]!["criteria"]!["allOf"]![0]!["query"]!.ToString()));

    private static List<(string Name, IReadOnlyList<string> Errors)> Check(
        IEnumerable<(string Name, string Query)> queries
    )
    {
        var input = JsonSerializer.Serialize(queries.Select(q => new { name = q.Name, query = q.Query }));
        var result = NodeTools.Node("scripts/check-kql.cjs", input);
        Assert.True(result.ExitCode == 0, result.Describe());
        return JsonNode
            .Parse(result.StdOut)!
            .AsArray()
            .Select(r =>
                (
                    r!["name"]!.ToString(),
                    (IReadOnlyList<string>)r["errors"]!.AsArray().Select(e => e!.ToString()).ToList()
                )
            )
            .ToList();
    }

    [GeneratedRegex(@"```kusto\n(?<query>.*?)```", RegexOptions.Singleline)]
    private static partial Regex KustoBlock();
}
