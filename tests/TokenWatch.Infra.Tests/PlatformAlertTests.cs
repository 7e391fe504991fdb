using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>Azure Monitor tells ops when TokenWatch stops polling or its functions fail.</summary>
[Collection(InfraTestGroup.Name)]
public sealed class PlatformAlertTests(InfraFixture infra)
{
    private DeploymentSnapshot Snapshot => infra.DefaultSnapshot;

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
        var rule = Snapshot.SingleOf("Microsoft.Insights/scheduledQueryRules");
        var properties = rule["properties"]!;
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
        Assert.Equal(new[] { actionGroupId }, properties["actions"]!["actionGroups"]!.AsArray().Select(a => a!.ToString()));
    }

    [Fact]
    public void Function_failures_alert_on_any_failed_execution()
    {
        var alert = Snapshot.SingleOf("Microsoft.Insights/metricAlerts");
        var properties = alert["properties"]!;
        var appInsightsId = Snapshot.SingleOf("Microsoft.Insights/components")["id"]!.ToString();
        Assert.Equal(new[] { appInsightsId }, properties["scopes"]!.AsArray().Select(s => s!.ToString()));
        var criterion = properties["criteria"]!["allOf"]!.AsArray().Single()!;
        Assert.Equal("requests/failed", criterion["metricName"]!.ToString());
        Assert.Equal("GreaterThan", criterion["operator"]!.ToString());
        Assert.Equal(0, criterion["threshold"]!.GetValue<int>());

        var actionGroupId = Snapshot.SingleOf("Microsoft.Insights/actionGroups")["id"]!.ToString();
        Assert.Equal(new[] { actionGroupId }, properties["actions"]!.AsArray().Select(a => a!["actionGroupId"]!.ToString()));
    }
}
