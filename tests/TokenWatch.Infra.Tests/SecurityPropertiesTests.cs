using System.Text.Json.Nodes;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>Secure-by-default settings, read from the resources the deployment would create.</summary>
[Collection(InfraTestGroup.Name)]
public sealed class SecurityPropertiesTests(InfraFixture infra)
{
    private DeploymentSnapshot Snapshot => infra.DefaultSnapshot;

    [Fact]
    public void Storage_accounts_allow_no_shared_key_no_anonymous_access_https_only_and_TLS_1_2()
    {
        var accounts = Snapshot.OfType("Microsoft.Storage/storageAccounts");
        Assert.Equal(2, accounts.Count); // the Functions host account and the TokenWatch data account
        foreach (var account in accounts)
        {
            var properties = account["properties"]!;
            var name = account["name"]!.ToString();
            Assert.True(
                properties["allowSharedKeyAccess"]?.GetValue<bool>() == false,
                $"{name}: shared key access must be off"
            );
            Assert.True(properties["supportsHttpsTrafficOnly"]?.GetValue<bool>() == true, $"{name}: https only");
            Assert.True(
                properties["allowBlobPublicAccess"]?.GetValue<bool>() == false,
                $"{name}: no anonymous blob access"
            );
            Assert.True(
                properties["defaultToOAuthAuthentication"]?.GetValue<bool>() == true,
                $"{name}: Entra ID by default in the portal"
            );
            Assert.Equal("TLS1_2", properties["minimumTlsVersion"]?.ToString());
        }
    }

    [Fact]
    public void Function_app_is_https_only_with_TLS_1_2_and_no_FTP_or_basic_auth_publishing()
    {
        var site = Snapshot.SingleOf("Microsoft.Web/sites");
        var properties = site["properties"]!;
        Assert.True(properties["httpsOnly"]?.GetValue<bool>() == true, "httpsOnly");
        var siteConfig = properties["siteConfig"]!;
        Assert.Contains(siteConfig["minTlsVersion"]?.ToString(), new[] { "1.2", "1.3" });
        Assert.Contains(siteConfig["scmMinTlsVersion"]?.ToString(), new[] { "1.2", "1.3" });
        Assert.Equal("Disabled", siteConfig["ftpsState"]?.ToString());

        var policies = Snapshot
            .OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => p["name"]!.ToString().Split('/')[^1], p => p["properties"]!["allow"]!.GetValue<bool>());
        Assert.Equal(new Dictionary<string, bool> { ["ftp"] = false, ["scm"] = false }, policies);
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_Flex_Consumption()
    {
        var plan = Snapshot.SingleOf("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan["sku"]!["name"]!.ToString());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.ToString());
        Assert.True(
            plan["properties"]!["reserved"]!.GetValue<bool>(),
            "Flex Consumption is Linux: reserved must be true"
        );

        var site = Snapshot.SingleOf("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site["kind"]!.ToString());
        Assert.Equal(plan["id"]!.ToString(), site["properties"]!["serverFarmId"]!.ToString());
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.ToString());
        Assert.Equal("10.0", config["runtime"]!["version"]!.ToString());
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity_only()
    {
        var identity = Snapshot.SingleOf("Microsoft.ManagedIdentity/userAssignedIdentities");
        var site = Snapshot.SingleOf("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.ToString());
        Assert.Equal(
            new[] { identity["id"]!.ToString() },
            site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key)
        );
        Assert.Equal(identity["id"]!.ToString(), site["properties"]!["keyVaultReferenceIdentity"]!.ToString());

        // The deployment package is read from the host account's container with the same identity.
        var storage = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", storage["type"]!.ToString());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.ToString());
        Assert.Equal(
            identity["id"]!.ToString(),
            storage["authentication"]!["userAssignedIdentityResourceId"]!.ToString()
        );
        var container = Snapshot.SingleOf("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerName = container["name"]!.ToString().Split('/')[^1];
        Assert.EndsWith(
            $".primaryEndpoints.blob, '{containerName}')]",
            storage["value"]!.ToString(),
            StringComparison.Ordinal
        );
        Assert.Equal("None", container["properties"]!["publicAccess"]!.ToString());
    }

    [Fact]
    public void Key_vault_uses_RBAC_with_purge_protection()
    {
        var vault = Snapshot.SingleOf("Microsoft.KeyVault/vaults");
        var properties = vault["properties"]!;
        Assert.True(
            properties["enableRbacAuthorization"]?.GetValue<bool>() == true,
            "RBAC authorization, no access policies"
        );
        Assert.True(properties["enablePurgeProtection"]?.GetValue<bool>() == true, "purge protection");
        Assert.True(properties["enableSoftDelete"]?.GetValue<bool>() == true, "soft delete");
        Assert.Empty(properties["accessPolicies"]?.AsArray() ?? []);
        Assert.Equal(DeploymentSnapshot.TenantId, properties["tenantId"]!.ToString());
    }

    [Fact]
    public void Application_Insights_and_Log_Analytics_accept_only_Entra_authenticated_telemetry()
    {
        var appInsights = Snapshot.SingleOf("Microsoft.Insights/components");
        Assert.True(
            appInsights["properties"]!["DisableLocalAuth"]?.GetValue<bool>() == true,
            "App Insights local auth must be disabled"
        );
        var workspace = Snapshot.SingleOf("Microsoft.OperationalInsights/workspaces");
        Assert.Equal(workspace["id"]!.ToString(), appInsights["properties"]!["WorkspaceResourceId"]!.ToString());
        Assert.True(
            workspace["properties"]!["features"]!["disableLocalAuth"]?.GetValue<bool>() == true,
            "workspace local auth must be disabled"
        );
    }

    [Fact]
    public void SendGrid_secret_is_created_only_when_a_key_is_given_and_never_in_clear()
    {
        foreach (var snapshot in new[] { infra.DefaultSnapshot, infra.MultiTenantSnapshot })
        {
            var secret = snapshot.SingleOf("Microsoft.KeyVault/vaults/secrets");
            Assert.Equal("[not(empty(parameters('sendGridApiKey')))]", secret["condition"]?.ToString());
            Assert.Equal("[parameters('sendGridApiKey')]", secret["properties"]!["value"]!.ToString());
            Assert.DoesNotContain(InfraFixture.FakeSendGridKey, snapshot.Text, StringComparison.Ordinal);

            // Anywhere else the secure parameter shows up is a leak (a tag, a setting, an output...).
            var elsewhere = snapshot
                .Resources.Where(r => r != secret)
                .SelectMany(r => ArmTemplate.Strings(r, r["id"]!.ToString()))
                .Concat(ArmTemplate.Strings(snapshot.Outputs, "outputs"))
                .Where(s => s.Value.Contains("sendGridApiKey", StringComparison.Ordinal))
                .Select(s => s.Path)
                .ToList();
            Assert.True(elsewhere.Count == 0, string.Join('\n', elsewhere));
        }
    }

    [Fact]
    public void Outputs_are_names_and_ids_only()
    {
        var outputs = Snapshot.Outputs.Select(p => p.Key).Order().ToList();
        Assert.Equal(
            new[]
            {
                "appInsightsName",
                "AZURE_LOCATION",
                "AZURE_RESOURCE_GROUP",
                "dataStorageAccountName",
                "functionAppName",
                "keyVaultName",
                "managedIdentityClientId",
                "managedIdentityName",
                "managedIdentityPrincipalId",
            }.Order(),
            outputs
        );
        Assert.DoesNotContain(Snapshot.Outputs.Select(p => p.Value!.ToString()), v =>
            v.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
        );
    }
}
