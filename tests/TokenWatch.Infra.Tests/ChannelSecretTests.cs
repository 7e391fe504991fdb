using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// The Teams URL, the webhook URL and the webhook signing secret in Azure: secure parameters stored as Key Vault
/// secrets and handed to the app as Key Vault references, as the SendGrid key is; never a plain app setting, never an
/// output; and nothing at all for a channel no tenant routes to.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class ChannelSecretTests(InfraFixture infra)
{
    private static readonly Dictionary<string, (string Setting, string Secret, string Value)> Channels = new()
    {
        ["teamsWebhookUrl"] = ("TokenWatch__Teams__WebhookUrl", "TeamsWebhookUrl", InfraFixture.FakeTeamsUrl),
        ["webhookUrl"] = ("TokenWatch__Webhook__Url", "WebhookUrl", InfraFixture.FakeWebhookUrl),
        ["webhookSecret"] = ("TokenWatch__Webhook__Secret", "WebhookSecret", InfraFixture.FakeWebhookSecret),
    };

    public static TheoryData<string> Parameters => new(Channels.Keys);

    [Theory]
    [MemberData(nameof(Parameters))]
    public void A_channel_secret_parameter_is_secure_and_flows_only_into_its_Key_Vault_secret(string parameter)
    {
        var reference = $"parameters('{parameter}')";
        var main = infra.CompiledTemplate;
        var declared = ArmTemplate.Parameters(main).Single(p => p.Name == parameter).Parameter;
        Assert.True(ArmTemplate.IsSecure(declared), $"{parameter} is {declared["type"]}");
        Assert.Equal("", declared["defaultValue"]?.ToString());
        var allowed = new List<string>();
        var forbidden = new List<string>();
        foreach (var scope in ArmTemplate.AllTemplates(main))
        {
            foreach (var section in new[] { "variables", "outputs" })
            {
                forbidden.AddRange(
                    ArmTemplate
                        .Strings(scope.Template[section], $"{scope.Path}.{section}")
                        .Where(s => s.Value.Contains(reference, StringComparison.Ordinal))
                        .Select(s => s.Path)
                );
            }

            foreach (var (name, resource) in ArmTemplate.Resources(scope.Template))
            {
                var type = resource["type"]?.ToString();
                foreach (var (path, value) in ArmTemplate.Strings(resource))
                {
                    // A module's own template is checked as a scope of its own.
                    if (
                        !value.Contains(reference, StringComparison.Ordinal)
                        || path.StartsWith("$.properties.template.", StringComparison.Ordinal)
                    )
                    {
                        continue;
                    }

                    var ok =
                        (
                            type == "Microsoft.Resources/deployments"
                            && path == $"$.properties.parameters.{parameter}.value"
                            && name == "keyVault"
                        )
                        || (
                            type == "Microsoft.KeyVault/vaults/secrets" && path is "$.condition" or "$.properties.value"
                        );
                    (ok ? allowed : forbidden).Add($"{scope.Path}: {type} {name} {path}");
                }
            }
        }

        Assert.True(
            forbidden.Count == 0,
            $"{parameter} may only be stored as its Key Vault secret; also used at:\n" + string.Join('\n', forbidden)
        );
        // Passed once to the Key Vault module; there, its secret's condition and value.
        Assert.True(allowed.Count == 3, string.Join('\n', allowed));
    }

    [Fact]
    public void Routed_channels_get_Key_Vault_secrets_and_settings_that_are_references_never_the_values()
    {
        var snapshot = infra.Walkthrough(Walkthroughs.Channels);
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var secrets = snapshot
            .OfType("Microsoft.KeyVault/vaults/secrets")
            .ToDictionary(s => s["name"]!.ToString(), s => s["properties"]!["value"]!.ToString());
        var settings = snapshot.AppSettings;

        foreach (var (parameter, (setting, secret, value)) in Channels)
        {
            // The value was given (build-params has it), and reaches only the secret, through the parameter.
            Assert.Equal(value, snapshot.Parameters[parameter]?.ToString());
            Assert.Equal($"[parameters('{parameter}')]", secrets[$"{vault}/{secret}"]);
            Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName={secret})", settings[setting]);
            Assert.DoesNotContain(value, snapshot.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(settings, s => s.Value.Contains(value, StringComparison.Ordinal));
        }

        Assert.Equal(
            ("critical", "warning"),
            (settings["TokenWatch__Routing__Teams"], settings["TokenWatch__Routing__Webhook"])
        );
        Assert.DoesNotContain(snapshot.Outputs, o =>
            Channels.Keys.Any(k => o.Value!.ToJsonString().Contains(k, StringComparison.OrdinalIgnoreCase))
        );
    }

    [Fact]
    public void Without_a_channel_routed_there_is_no_channel_secret_and_no_channel_setting_even_with_values_given()
    {
        var environment = new Dictionary<string, string?>(InfraFixture.DefaultEnvironment)
        {
            ["TOKENWATCH_TEAMS_WEBHOOK_URL"] = InfraFixture.FakeTeamsUrl,
            ["TOKENWATCH_WEBHOOK_URL"] = InfraFixture.FakeWebhookUrl,
            ["TOKENWATCH_WEBHOOK_SECRET"] = InfraFixture.FakeWebhookSecret,
        };

        foreach (var snapshot in new[] { infra.DefaultSnapshot, DeploymentSnapshot.Create(environment) })
        {
            Assert.Equal(
                ["SendGridApiKey"],
                snapshot.OfType("Microsoft.KeyVault/vaults/secrets").Select(s => s["name"]!.ToString().Split('/')[1])
            );
            Assert.DoesNotContain(snapshot.AppSettings.Keys, k =>
                k.StartsWith("TokenWatch__Teams__", StringComparison.Ordinal)
                || k.StartsWith("TokenWatch__Webhook__", StringComparison.Ordinal)
                || k.StartsWith("TokenWatch__Routing__", StringComparison.Ordinal)
            );
        }
    }

    [Fact]
    public void A_tenant_that_routes_to_Teams_on_its_own_configures_Teams_and_not_the_webhook()
    {
        var snapshot = DeploymentSnapshot.Create(
            new Dictionary<string, string?>(InfraFixture.DefaultEnvironment)
            {
                ["TOKENWATCH_TENANTS"] = $$"""
                [{ "tenantId": "{{Walkthroughs.CustomerTenantId}}", "displayName": "Contoso",
                   "routing": { "teams": "critical", "email": "warning" } },
                 { "tenantId": "{{DeploymentSnapshot.TenantId}}", "displayName": "MSP" }]
                """,
            }
        );
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        var settings = snapshot.AppSettings;

        Assert.Equal(
            ["SendGridApiKey", "TeamsWebhookUrl"],
            snapshot
                .OfType("Microsoft.KeyVault/vaults/secrets")
                .Select(s => s["name"]!.ToString().Split('/')[1])
                .Order()
        );
        Assert.Equal(
            $"@Microsoft.KeyVault(VaultName={vault};SecretName=TeamsWebhookUrl)",
            settings["TokenWatch__Teams__WebhookUrl"]
        );
        Assert.Equal(
            ("critical", "warning"),
            (settings["TokenWatch__Tenants__0__Routing__Teams"], settings["TokenWatch__Tenants__0__Routing__Email"])
        );
        Assert.DoesNotContain(settings.Keys, k =>
            k.StartsWith("TokenWatch__Webhook__", StringComparison.Ordinal)
            || k.StartsWith("TokenWatch__Routing__", StringComparison.Ordinal)
            || k.StartsWith("TokenWatch__Tenants__1__Routing__", StringComparison.Ordinal)
        );
    }
}
