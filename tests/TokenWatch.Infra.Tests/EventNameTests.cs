using System.Text.Json.Nodes;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// One source of truth for event names: the [LoggerMessage] attributes in src/. docs/operations.md, the workbook
/// and every alert rule may name only those events, and docs/operations.md lists all of them with their ids.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class EventNameTests(InfraFixture infra)
{
    private static string OperationsDoc => File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "operations.md"));

    [Fact]
    public void Docs_workbook_and_alerts_name_only_events_the_code_logs_and_the_docs_list_them_all()
    {
        var code = EventNames.InCode();
        Assert.True(code.Count >= 15, $"expected TokenWatch's events, found {code.Count}");
        Assert.Equal(code.Count, code.Values.Distinct().Count()); // ids are unique

        Assert.Empty(EventNames.Problems(code, OperationsDoc, ShippedQueries(infra.DefaultSnapshot)));
    }

    [Fact]
    public void Every_alert_rule_names_at_least_one_logged_event()
    {
        var code = EventNames.InCode();
        // The daily cap alert reads the workspace's own operation log, not TokenWatch's events.
        foreach (
            var (name, query) in KqlQueryTests
                .AlertQueries(infra.DefaultSnapshot)
                .Where(a => !a.Name.EndsWith("-daily-cap-reached", StringComparison.Ordinal))
        )
        {
            var named = EventNames.InQuery(query).ToList();
            Assert.True(named.Count > 0, $"{name} names no event");
            Assert.All(named, e => Assert.True(code.ContainsKey(e), $"{name} names {e}, which the code does not log"));
        }
    }

    [Fact]
    public void A_made_up_event_in_the_docs_a_query_or_the_table_is_caught()
    {
        var code = EventNames.InCode();
        var doc =
            OperationsDoc
            + "\n| `AlertSuppressed` | 2002 | | An alert was held back |\n"
            + "`traces | where tostring(customDimensions.EventName) == \"TokenTeleported\"`\n";
        var workbookQuery = (
            "workbook item made-up",
            "traces | where tostring(customDimensions.EventName) in (\"AlertSent\", \"DigestVanished\")"
        );

        var problems = EventNames.Problems(code, doc, [workbookQuery]);

        Assert.Contains("docs/operations.md lists event AlertSuppressed (2002), which the code does not log", problems);
        Assert.Contains("docs/operations.md names event TokenTeleported, which the code does not log", problems);
        Assert.Contains("workbook item made-up names event DigestVanished, which the code does not log", problems);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void An_event_missing_from_the_docs_or_with_another_id_is_caught()
    {
        var code = EventNames.InCode();
        var doc = OperationsDoc
            .Replace("| `AlertSent` | 2001 |", "| `AlertSent` | 2999 |", StringComparison.Ordinal)
            .Replace("| `TokenObserved` |", "| `TokenSeen` |", StringComparison.Ordinal);

        var problems = EventNames.Problems(code, doc, []);

        Assert.Contains("docs/operations.md gives AlertSent the id 2999; the code logs it as 2001", problems);
        Assert.Contains("docs/operations.md does not list event TokenObserved (1004)", problems);
    }

    /// <summary>Workbook and alert rule queries, and docs/deploy.md (operations.md is read apart).</summary>
    internal static IEnumerable<(string Source, string Text)> ShippedQueries(DeploymentSnapshot snapshot)
    {
        var workbook = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "workbook", "tokenwatch.workbook.json"))
        )!;
        foreach (var item in workbook["items"]!.AsArray().Where(i => i!["content"]?["query"] is not null))
        {
            yield return ($"workbook item {item!["name"]}", item["content"]!["query"]!.ToString());
        }

        foreach (var (name, query) in KqlQueryTests.AlertQueries(snapshot))
        {
            yield return ($"alert {name}", query);
        }

        yield return ("docs/deploy.md", File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "deploy.md")));
    }
}
