using System.Text.Json.Nodes;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>The Azure Monitor workbook deploys over the app's Application Insights with the operations queries.</summary>
[Collection(InfraTestGroup.Name)]
public sealed class WorkbookTests(InfraFixture infra)
{
    [Fact]
    public void Workbook_is_bound_to_Application_Insights_and_shows_tokens_failures_and_alerts()
    {
        var snapshot = infra.DefaultSnapshot;
        var workbook = snapshot.SingleOf("Microsoft.Insights/workbooks");
        var appInsightsId = snapshot.SingleOf("Microsoft.Insights/components")["id"]!.ToString();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", workbook["name"]!.ToString());
        Assert.Equal("shared", workbook["kind"]!.ToString());
        Assert.Equal("workbook", workbook["properties"]!["category"]!.ToString());
        Assert.Equal(appInsightsId, workbook["properties"]!["sourceId"]!.ToString());

        var content = JsonNode.Parse(workbook["properties"]!["serializedData"]!.ToString())!;
        Assert.Equal("Notebook/1.0", content["version"]!.ToString());
        Assert.Equal(new[] { appInsightsId }, content["fallbackResourceIds"]!.AsArray().Select(r => r!.ToString()));

        var queries = content["items"]!.AsArray()
            .Where(i => i!["type"]!.GetValue<int>() == 3)
            .Select(i => i!["content"]!["query"]!.ToString())
            .ToList();
        foreach (var expected in new[] { "\"TenantPollFailed\"", "\"AlertSent\"", "\"PollCompleted\"", "\"tokenwatch.token.days_until_expiry\"", "\"tokenwatch.poll.duration\"" })
        {
            Assert.Contains(queries, q => q.Contains(expected, StringComparison.Ordinal));
        }
    }
}
