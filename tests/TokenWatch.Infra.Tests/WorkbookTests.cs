using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The Azure Monitor workbook deploys over the app's Application Insights with the operations queries.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed partial class WorkbookTests(InfraFixture infra)
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

        var queries = content["items"]!
            .AsArray()
            .Where(i => i!["type"]!.GetValue<int>() == 3)
            .Select(i => i!["content"]!["query"]!.ToString())
            .ToList();
        foreach (
            var expected in new[]
            {
                "\"TenantPollFailed\"",
                "\"AlertSent\"",
                "\"PollCompleted\"",
                "\"tokenwatch.token.days_until_expiry\"",
                "\"tokenwatch.poll.duration\"",
            }
        )
        {
            Assert.Contains(queries, q => q.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_overview_lists_every_tenants_tokens_worst_first_then_by_days_to_expiry_as_status_does()
    {
        var item = Item("tenant-tokens");
        var query = item["query"]!.ToString();
        Assert.Equal("table", item["visualization"]!.ToString());
        Assert.Contains("Every tenant's tokens, worst first", item["title"]!.ToString(), StringComparison.Ordinal);
        // From what the app exports: each token's latest days and status, and each tenant's latest TenantPolled row
        // for endpoints not read and for a bad token with no expiry date (not in the metric).
        Assert.Contains($"name == \"{TokenWatchMetrics.DaysUntilExpiry}\"", query, StringComparison.Ordinal);
        Assert.Contains("Status = tostring(customDimensions.status)", query, StringComparison.Ordinal);
        Assert.Contains("tostring(customDimensions.EventName) == \"TenantPolled\"", query, StringComparison.Ordinal);
        Assert.Contains("FailedEndpoints = toint(customDimensions.FailedEndpoints)", query, StringComparison.Ordinal);
        Assert.Contains(
            "| order by Rank desc, DaysUntilExpiry asc nulls last, TenantId asc",
            query,
            StringComparison.Ordinal
        );
        // "Worst" means what it means to tokenwatch status: the rank of each status is HealthStatusOrder's.
        var ranks = Rank()
            .Matches(query)
            .ToDictionary(
                m => m.Groups["status"].Value,
                m => int.Parse(m.Groups["rank"].Value, System.Globalization.CultureInfo.InvariantCulture)
            );
        var expected = Enum.GetValues<HealthStatus>().Where(s => s != HealthStatus.Ok);
        Assert.Equal(expected.ToDictionary(s => s.ToSlug(), s => s.Rank()), ranks);
        Assert.Contains("Status == \"warning\", 1, 0)", query, StringComparison.Ordinal); // ok ranks 0
        // The overview reads the last two days whatever the time range picked: polls are hourly.
        Assert.Equal(TimeSpan.FromDays(2).TotalMilliseconds, item["timeContext"]!["durationMs"]!.GetValue<double>());
    }

    [Fact]
    public void Upcoming_renewals_list_what_expires_in_the_next_90_days_soonest_first()
    {
        var item = Item("upcoming-renewals");
        var query = item["query"]!.ToString();
        Assert.Equal("table", item["visualization"]!.ToString());
        Assert.StartsWith("Upcoming renewals: next 90 days", item["title"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains($"name == \"{TokenWatchMetrics.DaysUntilExpiry}\"", query, StringComparison.Ordinal);
        Assert.Contains(
            "| summarize arg_max(timestamp, value, Status) by TenantId, Kind, Token",
            query,
            StringComparison.Ordinal
        );
        // Expired ones too, as status --renewals lists them.
        Assert.Contains("| where value <= 90", query, StringComparison.Ordinal);
        Assert.Contains("| order by ExpiresAround asc, TenantId asc", query, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(2).TotalMilliseconds, item["timeContext"]!["durationMs"]!.GetValue<double>());
    }

    [Fact]
    public void The_enrollment_tile_shows_each_tokens_latest_scan_figures_from_fields_the_scan_logs()
    {
        var item = Item("enrollment-figures");
        var query = item["query"]!.ToString();
        Assert.Equal("table", item["visualization"]!.ToString());
        Assert.StartsWith("ADE enrollment per token", item["title"]!.ToString(), StringComparison.Ordinal);
        // The scan's per-token event (EnrollmentTrace.TokenScanned); every field read is one it logs.
        var logged = EventNames.InCode();
        Assert.Equal(8106, logged["EnrollmentTokenScanned"]);
        Assert.Contains(
            "tostring(customDimensions.EventName) == \"EnrollmentTokenScanned\"",
            query,
            StringComparison.Ordinal
        );
        string[] fields =
        [
            "TenantId",
            "TokenId",
            "DeviceCount",
            "FailedDeviceCount",
            "BlockedDeviceCount",
            "UnassignedDeviceCount",
        ];
        Assert.Equal(fields, PropertyNames.InQuery(query).Where(p => p != "EventName").Distinct());
        Assert.Empty(PropertyNames.Problems(PropertyNames.LoggedInCode(), [("enrollment-figures", query)]));
        // The latest scan of each token, not a sum over scans.
        Assert.Contains(
            "| summarize arg_max(timestamp, Devices, Failed, Blocked, Unassigned) by TenantId, TokenId",
            query,
            StringComparison.Ordinal
        );
        Assert.Equal(TimeSpan.FromDays(2).TotalMilliseconds, item["timeContext"]!["durationMs"]!.GetValue<double>());
    }

    /// <summary>One query item of the workbook as deployed.</summary>
    private JsonNode Item(string name)
    {
        var workbook = infra.DefaultSnapshot.SingleOf("Microsoft.Insights/workbooks");
        var content = JsonNode.Parse(workbook["properties"]!["serializedData"]!.ToString())!;
        var item = Assert.Single(content["items"]!.AsArray(), i => i!["name"]!.ToString() == name)!;
        Assert.Equal(3, item["type"]!.GetValue<int>());
        return item["content"]!;
    }

    [GeneratedRegex(@"Status == ""(?<status>\w+)"", (?<rank>\d)")]
    private static partial Regex Rank();
}
