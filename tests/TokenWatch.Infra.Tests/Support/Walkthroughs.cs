namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The parameter sets docs/deploy.md walks a first-timer through, as the environment variables its commands set
/// (`azd env set` or `export`), and the Key Vault secrets it has them create.
/// </summary>
internal static class Walkthroughs
{
    /// <summary>"Deploy: one command": the home tenant, read with the managed identity; nothing else set.</summary>
    public const string SingleTenant = "single tenant, managed identity";

    /// <summary>
    /// "Watching customer tenants (MSPs)": a customer through the federated credential, and the MSP's own tenant.
    /// </summary>
    public const string Msp = "MSP, FederatedManagedIdentity customers";

    /// <summary>
    /// A tenant with a client secret, its Key Vault reference passed in TOKENWATCH_ADDITIONAL_APP_SETTINGS.
    /// </summary>
    public const string AdditionalSettings = "client secret through additional settings";

    /// <summary>"Teams and webhook": both channels routed, their URLs and signing secret given at deployment.</summary>
    public const string Channels = "Teams and webhook, secrets given at deployment";

    public const string CustomerClientId = "cccccccc-0000-4000-8000-000000000003";
    public const string CustomerTenantId = "aaaaaaaa-0000-4000-8000-000000000001";

    public static IReadOnlyList<string> All { get; } = [SingleTenant, Msp, AdditionalSettings, Channels];

    /// <summary>
    /// "Set the SendGrid key": the secret exists; the client secret of the third walkthrough and the channel
    /// secrets of the fourth too.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Secrets { get; } =
        new Dictionary<string, string>
        {
            ["SendGridApiKey"] = "SG.rehearsal-not-a-key",
            ["Contoso-ClientSecret"] = "rehearsal-client-secret",
            ["TeamsWebhookUrl"] = InfraFixture.FakeTeamsUrl,
            ["WebhookUrl"] = InfraFixture.FakeWebhookUrl,
            ["WebhookSecret"] = InfraFixture.FakeWebhookSecret,
        };

    public static IReadOnlyDictionary<string, string?> Environment(string name, InfraFixture infra)
    {
        var environment = new Dictionary<string, string?>(InfraFixture.DefaultEnvironment);
        switch (name)
        {
            case SingleTenant:
                break;
            case Msp:
                environment["TOKENWATCH_TENANTS"] = $$"""
                    [{ "tenantId": "{{CustomerTenantId}}", "displayName": "Contoso",
                       "recipients": ["intune-admins@contoso.example"],
                       "auth": "FederatedManagedIdentity", "clientId": "{{CustomerClientId}}" },
                     { "tenantId": "{{DeploymentSnapshot.TenantId}}", "displayName": "MSP", "auth": "ManagedIdentity" }]
                    """;
                break;
            case AdditionalSettings:
                // The vault is this deployment's own (same environment name): its name from the same template.
                var vault = infra.DefaultSnapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
                environment["TOKENWATCH_TENANTS"] = $$"""
                    [{ "tenantId": "{{CustomerTenantId}}", "displayName": "Contoso",
                       "auth": "ClientSecret", "clientId": "{{CustomerClientId}}" }]
                    """;
                environment["TOKENWATCH_ADDITIONAL_APP_SETTINGS"] =
                    """{"TokenWatch__Tenants__0__ClientSecret": "@Microsoft.KeyVault("""
                    + $$"""VaultName={{vault}};SecretName=Contoso-ClientSecret)"}""";
                break;
            case Channels:
                environment["TOKENWATCH_TEAMS_ROUTING"] = "critical";
                environment["TOKENWATCH_TEAMS_WEBHOOK_URL"] = InfraFixture.FakeTeamsUrl;
                environment["TOKENWATCH_WEBHOOK_ROUTING"] = "warning";
                environment["TOKENWATCH_WEBHOOK_URL"] = InfraFixture.FakeWebhookUrl;
                environment["TOKENWATCH_WEBHOOK_SECRET"] = InfraFixture.FakeWebhookSecret;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Not a documented walkthrough.");
        }

        return environment;
    }
}
