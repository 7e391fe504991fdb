using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>Azure Monitor tells ops when TokenWatch stops polling, its functions fail, or it fails quietly.</summary>
[Collection(InfraTestGroup.Name)]
public sealed class PlatformAlertTests(InfraFixture infra)
{
    private DeploymentSnapshot Snapshot => infra.DefaultSnapshot;

    private System.Text.Json.Nodes.JsonObject Rule(string suffix) =>
        Assert.Single(Snapshot.OfType("Microsoft.Insights/scheduledQueryRules"), r =>
            r["name"]!.ToString().EndsWith($"-{suffix}", StringComparison.Ordinal)
        );

    [Fact]
    public void Action_group_emails_the_ops_address()
    {
        var group = Snapshot.SingleOf("Microsoft.Insights/actionGroups");
        var receivers = group["properties"]!["emailReceivers"]!.AsArray();
        Assert.Equal(new[] { InfraFixture.OpsEmail }, receivers.Select(r => r!["emailAddress"]!.ToString()));
        Assert.True(group["properties"]!["enabled"]!.GetValue<bool>());
        Assert.InRange(group["properties"]!["groupShortName"]!.ToString().Length, 1, 12);
    }

    [Fact]
    public void Dead_mans_switch_fires_when_no_poll_completed_in_the_window()
    {
        var properties = Rule("missed-poll")["properties"]!;
        var appInsightsId = Snapshot.SingleOf("Microsoft.Insights/components")["id"]!.ToString();
        Assert.Equal(new[] { appInsightsId }, properties["scopes"]!.AsArray().Select(s => s!.ToString()));
        Assert.Equal("PT3H", properties["windowSize"]!.ToString());
        Assert.True(properties["enabled"]!.GetValue<bool>());

        var criterion = properties["criteria"]!["allOf"]!.AsArray().Single()!;
        var query = criterion["query"]!.ToString();
        Assert.Contains("traces", query, StringComparison.Ordinal);
        Assert.Contains("\"PollCompleted\"", query, StringComparison.Ordinal);
        Assert.Contains("\"Poll completed\"", query, StringComparison.Ordinal);
        // Fires on zero matching rows.
        Assert.Equal("Count", criterion["timeAggregation"]!.ToString());
        Assert.Equal("LessThan", criterion["operator"]!.ToString());
        Assert.Equal(1, criterion["threshold"]!.GetValue<int>());

        var actionGroupId = Snapshot.SingleOf("Microsoft.Insights/actionGroups")["id"]!.ToString();
        Assert.Equal(
            new[] { actionGroupId },
            properties["actions"]!["actionGroups"]!.AsArray().Select(a => a!.ToString())
        );
    }

    [Theory]
    [InlineData("every-tenant-failed", 1, "PT1H", "\"EveryTenantFailed\"")]
    [InlineData("tenant-failing", 2, "PT6H", "| top 3 by timestamp desc")]
    [InlineData(
        "email-misconfigured",
        1,
        "PT1H",
        "(\"EmailDeliveryMisconfigured\", \"ChannelDeliveryMisconfigured\", \"DeliveryMisconfigured\")"
    )]
    [InlineData("digests-delayed", 2, "PT1H", "todouble(customDimensions.PendingHours) >= 6")]
    [InlineData("storage-failures", 2, "PT1H", "\"TenantStoreFailed\"")]
    [InlineData("evaluation-failures", 2, "PT1H", "\"AlertFailed\"")]
    [InlineData("catalog-unreadable", 1, "PT1H", "\"TenantCatalogUnreadable\"")]
    public void Every_quiet_failure_has_an_alert_that_fires_on_any_matching_row(
        string name,
        int severity,
        string window,
        string queryPart
    )
    {
        var properties = Rule(name)["properties"]!;
        Assert.Equal(severity, properties["severity"]!.GetValue<int>());
        Assert.Equal(window, properties["windowSize"]!.ToString());
        Assert.True(properties["enabled"]!.GetValue<bool>());
        var criterion = properties["criteria"]!["allOf"]!.AsArray().Single()!;
        Assert.Contains(queryPart, criterion["query"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            ("Count", "GreaterThan", 0),
            (
                criterion["timeAggregation"]!.ToString(),
                criterion["operator"]!.ToString(),
                criterion["threshold"]!.GetValue<int>()
            )
        );
        var actionGroupId = Snapshot.SingleOf("Microsoft.Insights/actionGroups")["id"]!.ToString();
        Assert.Equal(
            new[] { actionGroupId },
            properties["actions"]!["actionGroups"]!.AsArray().Select(a => a!.ToString())
        );
    }

    [Fact]
    public void Missed_poll_hours_allow_only_windows_Azure_accepts()
    {
        // A log alert window must be PT1M-PT6H, P1D or P2D: 7-23 hours would be refused at deployment.
        foreach (var scope in ArmTemplate.AllTemplates(infra.CompiledTemplate))
        {
            foreach (
                var (name, parameter) in ArmTemplate
                    .Parameters(scope.Template)
                    .Where(p => p.Name == "missedPollAlertHours")
            )
            {
                var allowed = parameter["allowedValues"]!.AsArray().Select(v => v!.GetValue<int>()).ToList();
                Assert.Equal([1, 2, 3, 4, 5, 6, 24, 48], allowed);
            }
        }

        Assert.Equal(
            ["PT3H"],
            Snapshot
                .OfType("Microsoft.Insights/scheduledQueryRules")
                .Where(r => r["name"]!.ToString().EndsWith("-missed-poll", StringComparison.Ordinal))
                .Select(r => r["properties"]!["windowSize"]!.ToString())
        );
    }

    [Fact]
    public void The_tenant_failing_alert_fires_and_resolves_for_each_tenant_on_its_own()
    {
        var criterion = Rule("tenant-failing")["properties"]!["criteria"]!["allOf"]!.AsArray().Single()!;

        var dimension = Assert.Single(criterion["dimensions"]!.AsArray())!;
        Assert.Equal(
            ("TenantId", "Include", "*"),
            (dimension["name"]!.ToString(), dimension["operator"]!.ToString(), dimension["values"]![0]!.ToString())
        );
        // The dimension is a column the query returns.
        Assert.Contains("by TenantId = tostring(customDimensions.TenantId)", criterion["query"]!.ToString());
    }

    [Fact]
    public void Function_failures_alert_on_the_logged_failures_of_each_function()
    {
        // A metric alert on requests/failed never fires in OpenTelemetry mode: the host does not export it.
        Assert.Empty(Snapshot.OfType("Microsoft.Insights/metricAlerts"));
        var properties = Rule("function-failures")["properties"]!;
        var criterion = properties["criteria"]!["allOf"]!.AsArray().Single()!;

        Assert.Contains("== \"FunctionFailed\"", criterion["query"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("FunctionName", Assert.Single(criterion["dimensions"]!.AsArray())!["name"]!.ToString());
        Assert.Equal(
            ("Count", "GreaterThan", 0, "PT1H"),
            (
                criterion["timeAggregation"]!.ToString(),
                criterion["operator"]!.ToString(),
                criterion["threshold"]!.GetValue<int>(),
                properties["windowSize"]!.ToString()
            )
        );
    }
}
