using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The log workspace has a daily cap and ops hear when it is reached (the alerts go blind past it); the data
/// account that holds the ledger can be locked against deletion.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class WorkspaceCapAndLockTests(InfraFixture infra)
{
    [Fact]
    public void The_workspace_is_capped_and_reaching_the_cap_pages_ops()
    {
        var snapshot = infra.DefaultSnapshot;
        var workspace = snapshot.SingleOf("Microsoft.OperationalInsights/workspaces");
        Assert.Equal(1, workspace["properties"]!["workspaceCapping"]!["dailyQuotaGb"]!.GetValue<int>());

        var rule = Assert.Single(snapshot.OfType("Microsoft.Insights/scheduledQueryRules"), r =>
            r["name"]!.ToString().EndsWith("-daily-cap-reached", StringComparison.Ordinal)
        )["properties"]!;
        Assert.Equal([workspace["id"]!.ToString()], rule["scopes"]!.AsArray().Select(s => s!.ToString()));
        var criterion = rule["criteria"]!["allOf"]![0]!;
        Assert.Contains("_LogOperation", criterion["query"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Detail has \"OverQuota\"", criterion["query"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(("GreaterThan", 0), (criterion["operator"]!.ToString(), criterion["threshold"]!.GetValue<int>()));
        Assert.Equal(
            [snapshot.SingleOf("Microsoft.Insights/actionGroups")["id"]!.ToString()],
            rule["actions"]!["actionGroups"]!.AsArray().Select(a => a!.ToString())
        );
    }

    [Fact]
    public void The_data_account_is_locked_against_deletion_when_asked_and_only_then()
    {
        Assert.Empty(infra.DefaultSnapshot.OfType("Microsoft.Authorization/locks"));

        var locked = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(InfraFixture.DefaultEnvironment)
            {
                ["TOKENWATCH_LOCK_DATA_STORAGE"] = "true",
            }
        );

        var lockResource = Assert.Single(locked.OfType("Microsoft.Authorization/locks"));
        Assert.Equal("CanNotDelete", lockResource["properties"]!["level"]!.ToString());
        // The data account (sttwdata…), never the host account that holds only what can be rebuilt.
        Assert.Contains("/storageAccounts/sttwdata", lockResource["id"]!.ToString(), StringComparison.Ordinal);
    }
}
