using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The function app's settings: identity-based connections, Key Vault reference, tenants from parameters.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class AppSettingsTests(InfraFixture infra)
{
    [Fact]
    public void Schedules_Graph_and_email_come_from_parameters()
    {
        var settings = infra.DefaultSnapshot.AppSettings;
        Assert.Equal("0 0 * * * *", settings["PollSchedule"]);
        Assert.Equal("0 5 * * * *", settings["EvaluateSchedule"]);
        Assert.Equal("0 30 2 * * *", settings["CleanupSchedule"]);
        Assert.Equal("0 0 7 * * Mon", settings["CalendarSchedule"]);
        Assert.Equal("0 20 */6 * * *", settings["EnrollmentScanSchedule"]);
        Assert.Equal("https://graph.microsoft.com", settings["TokenWatch__Graph__BaseUrl"]);
        Assert.Equal("ManagedIdentity", settings["TokenWatch__Graph__Auth"]);
        Assert.Equal(InfraFixture.EmailFrom, settings["TokenWatch__Email__From"]);
        Assert.Equal("TokenWatch", settings["TokenWatch__Email__FromName"]);
    }

    [Fact]
    public void Every_connection_uses_the_user_assigned_identity()
    {
        var snapshot = infra.DefaultSnapshot;
        var settings = snapshot.AppSettings;
        var identityId = snapshot.SingleOf("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!.ToString();
        var clientId = $"reference('{identityId}', '2023-01-31').clientId";

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal($"[{clientId}]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal($"[{clientId}]", settings["TokenWatch__Graph__ManagedIdentityClientId"]);
        Assert.Equal($"[{clientId}]", settings["TokenWatch__Storage__ManagedIdentityClientId"]);
        Assert.Equal(
            $"[format('ClientId={{0}};Authorization=AAD', {clientId})]",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]
        );

        var hostAccountId = DeploymentSnapshot.ResourceId(
            "Microsoft.Storage/storageAccounts",
            settings["AzureWebJobsStorage__accountName"]
        );
        Assert.NotNull(snapshot.ById(hostAccountId));
        foreach (var service in new[] { "blob", "table" })
        {
            var key = $"AzureWebJobsStorage__{service}ServiceUri";
            Assert.Equal($"[reference('{hostAccountId}', '2024-01-01').primaryEndpoints.{service}]", settings[key]);
        }

        // The identity holds no queue role, so the host is given no queue endpoint to try.
        Assert.False(settings.ContainsKey("AzureWebJobsStorage__queueServiceUri"));

        // TokenWatch's tables are in the data account, not the host account.
        Assert.StartsWith("[reference('", settings["TokenWatch__Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(
            ".primaryEndpoints.table]",
            settings["TokenWatch__Storage__TableServiceUri"],
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            hostAccountId,
            settings["TokenWatch__Storage__TableServiceUri"],
            StringComparison.Ordinal
        );

        var appInsightsId = snapshot.SingleOf("Microsoft.Insights/components")["id"]!.ToString();
        Assert.Equal(
            $"[reference('{appInsightsId}', '2020-02-02').ConnectionString]",
            settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]
        );
    }

    [Fact]
    public void SendGrid_key_is_a_Key_Vault_reference_to_the_secret()
    {
        var snapshot = infra.DefaultSnapshot;
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var secret = snapshot.SingleOf("Microsoft.KeyVault/vaults/secrets")["name"]!.ToString();
        Assert.Equal($"{vault}/SendGridApiKey", secret);
        Assert.Equal(
            $"@Microsoft.KeyVault(VaultName={vault};SecretName=SendGridApiKey)",
            snapshot.AppSettings["TokenWatch__Email__SendGridApiKey"]
        );
    }

    [Fact]
    public void No_setting_holds_a_key_or_a_connection_string_with_a_secret()
    {
        foreach (var snapshot in new[] { infra.DefaultSnapshot, infra.MultiTenantSnapshot })
        {
            var settings = snapshot.AppSettings;
            // Key-based host storage, and settings Flex Consumption rejects (the runtime is set in functionAppConfig).
            foreach (
                var forbidden in new[]
                {
                    "AzureWebJobsStorage",
                    "FUNCTIONS_WORKER_RUNTIME",
                    "FUNCTIONS_EXTENSION_VERSION",
                    "WEBSITE_RUN_FROM_PACKAGE",
                    "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
                    "APPINSIGHTS_INSTRUMENTATIONKEY",
                }
            )
            {
                Assert.False(settings.ContainsKey(forbidden), $"{forbidden} must not be set");
            }

            foreach (var (key, value) in settings)
            {
                Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("listKeys(", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("sendGridApiKey", value, StringComparison.Ordinal);
                Assert.False(
                    value.StartsWith("SG.", StringComparison.Ordinal),
                    $"{key} holds what looks like a SendGrid key"
                );
            }
        }
    }

    [Fact]
    public void Without_tenants_the_home_tenant_is_watched_with_the_managed_identity()
    {
        var tenantSettings = infra
            .DefaultSnapshot.AppSettings.Where(s => s.Key.StartsWith("TokenWatch__Tenants__", StringComparison.Ordinal))
            .ToDictionary();
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["TokenWatch__Tenants__0__TenantId"] = DeploymentSnapshot.TenantId,
                ["TokenWatch__Tenants__0__DisplayName"] = "Home tenant",
                ["TokenWatch__Tenants__0__Auth"] = "ManagedIdentity",
            },
            tenantSettings
        );
    }

    [Fact]
    public void Without_default_recipients_the_ops_address_is_the_default_recipient()
    {
        // The home tenant names no recipients; without a default the app would refuse to start.
        var recipients = infra
            .DefaultSnapshot.AppSettings.Where(s =>
                s.Key.StartsWith("TokenWatch__Email__Recipients__", StringComparison.Ordinal)
            )
            .ToDictionary();
        Assert.Equal(
            new Dictionary<string, string> { ["TokenWatch__Email__Recipients__0"] = InfraFixture.OpsEmail },
            recipients
        );
    }

    [Fact]
    public void Digests_always_go_through_SendGrid_in_Azure()
    {
        Assert.Equal("SendGrid", infra.DefaultSnapshot.AppSettings["TokenWatch__Email__Delivery"]);
    }

    [Fact]
    public void Tenants_and_recipients_become_indexed_settings()
    {
        var settings = infra.MultiTenantSnapshot.AppSettings;
        var tenantAndRecipientSettings = settings
            .Where(s =>
                s.Key.StartsWith("TokenWatch__Tenants__", StringComparison.Ordinal)
                || s.Key.StartsWith("TokenWatch__Email__Recipients__", StringComparison.Ordinal)
            )
            .ToDictionary();
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["TokenWatch__Tenants__0__TenantId"] = "aaaaaaaa-0000-4000-8000-000000000001",
                ["TokenWatch__Tenants__0__DisplayName"] = "Contoso",
                ["TokenWatch__Tenants__0__Recipients__0"] = "it@contoso.example",
                ["TokenWatch__Tenants__0__Recipients__1"] = "security@contoso.example",
                ["TokenWatch__Tenants__0__Auth"] = "FederatedManagedIdentity",
                ["TokenWatch__Tenants__0__ClientId"] = "cccccccc-0000-4000-8000-000000000003",
                ["TokenWatch__Tenants__1__TenantId"] = "bbbbbbbb-0000-4000-8000-000000000002",
                ["TokenWatch__Tenants__1__DisplayName"] = "Fabrikam",
                // A Key Vault secret by name and a national cloud: plain settings, no Key Vault reference.
                ["TokenWatch__Tenants__2__TenantId"] = "dddddddd-0000-4000-8000-000000000004",
                ["TokenWatch__Tenants__2__DisplayName"] = "Northwind (US Gov)",
                ["TokenWatch__Tenants__2__Auth"] = "ClientSecret",
                ["TokenWatch__Tenants__2__ClientId"] = "eeeeeeee-0000-4000-8000-000000000005",
                ["TokenWatch__Tenants__2__SecretName"] = "NorthwindClientSecret",
                ["TokenWatch__Tenants__2__Cloud"] = "USGov",
                ["TokenWatch__Email__Recipients__0"] = "noc@msp.example",
                ["TokenWatch__Email__Recipients__1"] = "oncall@msp.example",
            },
            tenantAndRecipientSettings
        );
        Assert.Equal("Contoso MSP TokenWatch", settings["TokenWatch__Email__FromName"]);
    }

    [Fact]
    public void Environment_name_changes_resource_names()
    {
        // Two environments in one resource group must not collide.
        var defaultName = infra.DefaultSnapshot.SingleOf("Microsoft.Web/sites")["name"]!.ToString();
        var prodName = infra.MultiTenantSnapshot.SingleOf("Microsoft.Web/sites")["name"]!.ToString();
        Assert.NotEqual(defaultName, prodName);
        Assert.All(
            infra
                .DefaultSnapshot.OfType("Microsoft.Storage/storageAccounts")
                .Concat(infra.MultiTenantSnapshot.OfType("Microsoft.Storage/storageAccounts")),
            a => Assert.Matches("^[a-z0-9]{3,24}$", a["name"]!.ToString())
        );
        Assert.All(
            infra
                .DefaultSnapshot.OfType("Microsoft.KeyVault/vaults")
                .Concat(infra.MultiTenantSnapshot.OfType("Microsoft.KeyVault/vaults")),
            v => Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", v["name"]!.ToString())
        );
    }
}
