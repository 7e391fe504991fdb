using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>Compiles infra/main.bicep once and snapshots the deployment for two parameter sets.</summary>
public sealed class InfraFixture : IDisposable
{
    public const string OpsEmail = "ops@contoso.example";
    public const string EmailFrom = "tokenwatch@contoso.example";

    /// <summary>A made-up key: it must never appear in clear anywhere a deployment shows.</summary>
    // Distinctive enough to search for, and deliberately not shaped like a real SendGrid key.
    public const string FakeSendGridKey = "not-a-sendgrid-key-tokenwatch-infra-test-7f3a";

    /// <summary>Made-up channel secrets given at deployment: never seen in clear where a deployment shows.</summary>
    public const string FakeTeamsUrl =
        "https://prod-00.westeurope.logic.example/workflows/tokenwatch-infra-test/triggers/manual/invoke?code=9e1b";

    public const string FakeWebhookUrl = "https://psa.contoso.example/hooks/tokenwatch-infra-test-4d2c";

    public const string FakeWebhookSecret = "whsec_bm90LWEtc2lnbmluZy1rZXktdG9rZW53YXRjaC0xYQ==";

    private readonly DirectoryInfo _outputDirectory = Directory.CreateTempSubdirectory("tokenwatch-arm-");
    private readonly Lazy<JsonObject> _compiled;
    private readonly Lazy<DeploymentSnapshot> _defaultSnapshot;
    private readonly Lazy<DeploymentSnapshot> _multiTenantSnapshot;
    private readonly ConcurrentDictionary<string, Lazy<DeploymentSnapshot>> _walkthroughs = new();

    public InfraFixture()
    {
        CompiledTemplatePath = Path.Combine(_outputDirectory.FullName, "main.json");
        Build = BicepCli.Run(["build", RepositoryPaths.MainBicep, "--outfile", CompiledTemplatePath]);
        _compiled = new Lazy<JsonObject>(() =>
        {
            Assert.True(Build.ExitCode == 0, $"bicep build failed: {Build.Describe()}");
            return JsonNode.Parse(File.ReadAllText(CompiledTemplatePath))!.AsObject();
        });
        _defaultSnapshot = new Lazy<DeploymentSnapshot>(() => DeploymentSnapshot.Create(DefaultEnvironment));
        _multiTenantSnapshot = new Lazy<DeploymentSnapshot>(() => DeploymentSnapshot.Create(MultiTenantEnvironment));
    }

    /// <summary>Only what infra/main.bicepparam requires: everything else takes its default.</summary>
    public static IReadOnlyDictionary<string, string?> DefaultEnvironment { get; } =
        new Dictionary<string, string?> { ["TOKENWATCH_OPS_EMAIL"] = OpsEmail, ["TOKENWATCH_EMAIL_FROM"] = EmailFrom };

    /// <summary>
    /// An MSP setup: two customer tenants, default recipients and a SendGrid key given at deployment.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> MultiTenantEnvironment { get; } =
        new Dictionary<string, string?>
        {
            ["AZURE_ENV_NAME"] = "prod",
            ["TOKENWATCH_OPS_EMAIL"] = OpsEmail,
            ["TOKENWATCH_EMAIL_FROM"] = EmailFrom,
            ["TOKENWATCH_EMAIL_FROM_NAME"] = "Contoso MSP TokenWatch",
            ["TOKENWATCH_DEFAULT_RECIPIENTS"] = "noc@msp.example, oncall@msp.example",
            ["TOKENWATCH_TENANTS"] = """
                [
                  {"tenantId":"aaaaaaaa-0000-4000-8000-000000000001","displayName":"Contoso",
                   "recipients":["it@contoso.example","security@contoso.example"],
                   "auth":"FederatedManagedIdentity","clientId":"cccccccc-0000-4000-8000-000000000003"},
                  {"tenantId":"bbbbbbbb-0000-4000-8000-000000000002","displayName":"Fabrikam"},
                  {"tenantId":"dddddddd-0000-4000-8000-000000000004","displayName":"Northwind (US Gov)",
                   "auth":"ClientSecret","clientId":"eeeeeeee-0000-4000-8000-000000000005",
                   "secretName":"NorthwindClientSecret","cloud":"USGov"}
                ]
                """,
            ["TOKENWATCH_SENDGRID_API_KEY"] = FakeSendGridKey,
        };

    public string CompiledTemplatePath { get; }

    /// <summary>The result of `bicep build infra/main.bicep`.</summary>
    public ProcessResult Build { get; }

    public JsonObject CompiledTemplate => _compiled.Value;

    public DeploymentSnapshot DefaultSnapshot => _defaultSnapshot.Value;

    public DeploymentSnapshot MultiTenantSnapshot => _multiTenantSnapshot.Value;

    /// <summary>
    /// The snapshot of one documented walkthrough (<see cref="Walkthroughs"/>), made once per test run.
    /// </summary>
    public DeploymentSnapshot Walkthrough(string name) =>
        name == Walkthroughs.SingleTenant
            ? DefaultSnapshot // the same environment: only what the parameters file requires
            : _walkthroughs
                .GetOrAdd(name, n => new Lazy<DeploymentSnapshot>(() =>
                    DeploymentSnapshot.Create(Walkthroughs.Environment(n, this))
                ))
                .Value;

    public void Dispose() => _outputDirectory.Delete(recursive: true);
}
