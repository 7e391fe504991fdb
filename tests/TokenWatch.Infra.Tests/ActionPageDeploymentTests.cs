using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The action page (<c>/api/act</c>, ActOnAlert) as deployed: off by default; with links on, its address, its key id
/// and its signing key as a Key Vault secret the settings only refer to; with sign-in on, App Service Authentication
/// with Entra ID in front of it, so the audit can name who acted.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class ActionPageDeploymentTests(InfraFixture infra)
{
    /// <summary>Made-up, base64 of 32 bytes: never seen in clear where a deployment shows.</summary>
    private const string FakeSigningKey = "bm90LWEtc2lnbmluZy1rZXktdG9rZW53YXRjaC10ZXN0IQ==";

    private const string SignInClientId = "abababab-0000-4000-8000-00000000c0de";
    private const string HostName = "func-tokenwatch-test.azurewebsites.net";

    private static readonly Dictionary<string, string?> LinksOn = new(InfraFixture.DefaultEnvironment)
    {
        ["TOKENWATCH_ACTION_LINKS"] = "true",
        ["TOKENWATCH_ACTION_SIGNING_KEY"] = FakeSigningKey,
    };

    [Fact]
    public void By_default_there_is_no_signing_key_secret_no_action_setting_and_no_sign_in()
    {
        // A key given while links are off is not stored either: nothing would read it.
        var keyButNoLinks = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(InfraFixture.DefaultEnvironment)
            {
                ["TOKENWATCH_ACTION_SIGNING_KEY"] = FakeSigningKey,
            }
        );
        foreach (var snapshot in new[] { infra.DefaultSnapshot, keyButNoLinks })
        {
            Assert.Empty(ActionKeySecrets(snapshot));
            Assert.DoesNotContain(snapshot.AppSettings.Keys, k =>
                k.StartsWith("TokenWatch__Actions__", StringComparison.Ordinal)
                || k.StartsWith("MICROSOFT_PROVIDER_", StringComparison.Ordinal)
            );
            Assert.Null(AuthSettings(snapshot));
            Assert.DoesNotContain(FakeSigningKey, snapshot.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void With_links_on_the_key_is_a_Key_Vault_secret_and_the_app_gets_its_reference_page_and_key_id()
    {
        var snapshot = DeploymentSnapshot.Create(LinksOn);
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var secret = Assert.Single(ActionKeySecrets(snapshot));
        var settings = SettingsWithHost(snapshot);

        Assert.Equal($"{vault}/ActionSigningKey-k1", secret["name"]!.ToString());
        Assert.Equal("[parameters('actionSigningKey')]", secret["properties"]!["value"]!.ToString());
        Assert.Equal(FakeSigningKey, snapshot.Parameters["actionSigningKey"]?.ToString());
        Assert.Equal(
            "@Microsoft.KeyVault(VaultName=" + vault + ";SecretName=ActionSigningKey-k1)",
            settings["TokenWatch__Actions__SigningKey"]
        );
        Assert.Equal("k1", settings["TokenWatch__Actions__SigningKeyId"]);
        Assert.Equal($"https://{HostName}{ActionPagePath()}", settings["TokenWatch__Actions__PageUrl"]);
        // Without sign-in, a principal header is never trusted: the audit records the holder of the link.
        Assert.Equal("false", settings["TokenWatch__Actions__PlatformSignIn"]);
        Assert.DoesNotContain(settings.Keys, k => k.Contains("Previous", StringComparison.Ordinal));
        Assert.DoesNotContain(FakeSigningKey, snapshot.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Values, v => v.Contains(FakeSigningKey, StringComparison.Ordinal));
        Assert.Null(AuthSettings(snapshot));
    }

    [Fact]
    public void The_page_is_served_over_HTTPS_only_without_a_function_key_in_the_link()
    {
        var site = infra.DefaultSnapshot.SingleOf("Microsoft.Web/sites");
        var trigger = typeof(ActOnAlert)
            .GetMethod(nameof(ActOnAlert.RunAsync))!
            .GetParameters()
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .Single(a => a is not null)!;

        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        // Anonymous at the function level: the link's signature is the grant, so the address carries no ?code=.
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
        Assert.Equal(["get", "post"], trigger.Methods!);
        Assert.Equal("/api/act", ActionPagePath());
    }

    [Fact]
    public void A_page_address_given_replaces_the_default_host()
    {
        var snapshot = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(LinksOn)
            {
                ["TOKENWATCH_ACTION_PAGE_URL"] = "https://tokenwatch.contoso.example/api/act",
            }
        );

        Assert.Equal(
            "https://tokenwatch.contoso.example/api/act",
            snapshot.AppSettings["TokenWatch__Actions__PageUrl"]
        );
    }

    [Fact]
    public void A_rotation_adds_the_new_key_secret_and_keeps_the_previous_one_by_reference()
    {
        var snapshot = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(LinksOn)
            {
                ["TOKENWATCH_ACTION_SIGNING_KEY_ID"] = "k2",
                ["TOKENWATCH_ACTION_PREVIOUS_SIGNING_KEY_ID"] = "k1",
            }
        );
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var settings = snapshot.AppSettings;

        Assert.Equal($"{vault}/ActionSigningKey-k2", Assert.Single(ActionKeySecrets(snapshot))["name"]!.ToString());
        Assert.Equal(
            ("k2", $"@Microsoft.KeyVault(VaultName={vault};SecretName=ActionSigningKey-k2)"),
            (settings["TokenWatch__Actions__SigningKeyId"], settings["TokenWatch__Actions__SigningKey"])
        );
        Assert.Equal(
            ("k1", $"@Microsoft.KeyVault(VaultName={vault};SecretName=ActionSigningKey-k1)"),
            (settings["TokenWatch__Actions__PreviousSigningKeyId"], settings["TokenWatch__Actions__PreviousSigningKey"])
        );
    }

    [Fact]
    public void Sign_in_on_requires_Entra_ID_redirects_to_login_and_lets_the_page_trust_the_platform_principal()
    {
        var snapshot = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(LinksOn)
            {
                ["TOKENWATCH_SIGN_IN"] = "true",
                ["TOKENWATCH_SIGN_IN_CLIENT_ID"] = SignInClientId,
            }
        );
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var site = snapshot.SingleOf("Microsoft.Web/sites")["name"]!.ToString();
        var auth = AuthSettings(snapshot)!;
        var properties = ArmExpression.Evaluate(auth["properties"], snapshot.Parameters, _ => null)!;
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        var settings = snapshot.AppSettings;

        Assert.Equal($"{site}/authsettingsV2", auth["name"]!.ToString());
        Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", properties["globalValidation"]!["unauthenticatedClientAction"]!.ToString());
        Assert.Equal("azureactivedirectory", properties["globalValidation"]!["redirectToProvider"]!.ToString());
        Assert.True(properties["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal(SignInClientId, entra["registration"]!["clientId"]!.ToString());
        Assert.Equal(
            $"https://login.microsoftonline.com/{DeploymentSnapshot.TenantId}/v2.0",
            entra["registration"]!["openIdIssuer"]!.ToString()
        );
        var secretSetting = entra["registration"]!["clientSecretSettingName"]!.ToString();
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=SignInClientSecret)", settings[secretSetting]);
        Assert.Equal("true", settings["TokenWatch__Actions__PlatformSignIn"]);
    }

    [Fact]
    public void Sign_in_takes_the_tenant_given()
    {
        const string otherTenant = "12121212-0000-4000-8000-0000000000aa";
        var snapshot = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(LinksOn)
            {
                ["TOKENWATCH_SIGN_IN"] = "true",
                ["TOKENWATCH_SIGN_IN_CLIENT_ID"] = SignInClientId,
                ["TOKENWATCH_SIGN_IN_TENANT_ID"] = otherTenant,
            }
        );
        var properties = ArmExpression.Evaluate(AuthSettings(snapshot)!["properties"], snapshot.Parameters, _ => null)!;

        Assert.Equal(
            $"https://login.microsoftonline.com/{otherTenant}/v2.0",
            properties["identityProviders"]!["azureActiveDirectory"]!["registration"]!["openIdIssuer"]!.ToString()
        );
    }

    /// <summary>"/api/" (host.json's route prefix, the default unless it says otherwise), then the route.</summary>
    private static string ActionPagePath()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")))!;
        var prefix = host["extensions"]?["http"]?["routePrefix"]?.ToString() ?? "api";
        var route = typeof(ActOnAlert)
            .GetMethod(nameof(ActOnAlert.RunAsync))!
            .GetParameters()
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .Single(a => a is not null)!
            .Route;
        return $"/{prefix}/{route}";
    }

    private static IReadOnlyList<JsonObject> ActionKeySecrets(DeploymentSnapshot snapshot) =>
        snapshot
            .OfType("Microsoft.KeyVault/vaults/secrets")
            .Where(s => s["name"]!.ToString().Split('/')[1].StartsWith("ActionSigningKey", StringComparison.Ordinal))
            .ToList();

    private static JsonObject? AuthSettings(DeploymentSnapshot snapshot) =>
        snapshot
            .OfType("Microsoft.Web/sites/config")
            .SingleOrDefault(r => r["name"]!.ToString().EndsWith("/authsettingsV2", StringComparison.Ordinal));

    /// <summary>The settings with the site's default host name known, as it is once the app exists.</summary>
    private static IReadOnlyDictionary<string, string> SettingsWithHost(DeploymentSnapshot snapshot)
    {
        var siteId = snapshot.SingleOf("Microsoft.Web/sites")["id"]!.ToString();
        return snapshot.AppSettingsWith(id =>
            string.Equals(id, siteId, StringComparison.OrdinalIgnoreCase)
                ? new JsonObject { ["defaultHostName"] = HostName }
                : null
        );
    }
}
