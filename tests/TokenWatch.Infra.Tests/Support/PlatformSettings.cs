using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// What App Service hands the app: the deployed settings with runtime values filled in (the identity's client id,
/// storage endpoints, the Application Insights connection string) and Key Vault references resolved from a vault
/// of made-up secrets. A reference the vault cannot answer stays the literal <c>@Microsoft.KeyVault(...)</c> text,
/// as the platform leaves it.
/// </summary>
internal static partial class PlatformSettings
{
    public const string IdentityClientId = "0c1d2e3f-0000-4000-8000-00000000c1d0";

    /// <summary>
    /// The settings as environment variables reach the app, from <paramref name="snapshot"/> and
    /// <paramref name="secrets"/>.
    /// </summary>
    public static Dictionary<string, string> Resolve(
        DeploymentSnapshot snapshot,
        IReadOnlyDictionary<string, string> secrets
    )
    {
        var vault = snapshot.SingleOf("Microsoft.KeyVault/vaults")["name"]!.ToString();
        return snapshot
            .AppSettingsWith(RuntimeState)
            .ToDictionary(s => s.Key, s => ResolveReference(s.Value, vault, secrets));
    }

    /// <summary>reference() of a deployed resource: the properties the template reads.</summary>
    private static JsonObject RuntimeState(string resourceId)
    {
        var name = resourceId[(resourceId.LastIndexOf('/') + 1)..];
        if (
            resourceId.Contains(
                "/Microsoft.ManagedIdentity/userAssignedIdentities/",
                StringComparison.OrdinalIgnoreCase
            )
        )
        {
            return new JsonObject
            {
                ["clientId"] = IdentityClientId,
                ["principalId"] = "0c1d2e3f-0000-4000-8000-00000000c1d1",
            };
        }

        if (resourceId.Contains("/Microsoft.Storage/storageAccounts/", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonObject
            {
                ["primaryEndpoints"] = new JsonObject
                {
                    ["blob"] = $"https://{name}.blob.core.windows.net/",
                    ["queue"] = $"https://{name}.queue.core.windows.net/",
                    ["table"] = $"https://{name}.table.core.windows.net/",
                },
            };
        }

        if (resourceId.Contains("/Microsoft.Insights/components/", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonObject
            {
                ["ConnectionString"] =
                    "InstrumentationKey=00000000-0000-4000-8000-0000000000a1;"
                    + "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
            };
        }

        throw new InvalidOperationException(
            $"The app settings read a resource the rehearsal does not know: {resourceId}"
        );
    }

    private static string ResolveReference(string value, string vault, IReadOnlyDictionary<string, string> secrets)
    {
        var reference = KeyVaultReference().Match(value);
        if (!reference.Success)
        {
            return value;
        }

        var sameVault = string.Equals(reference.Groups["vault"].Value, vault, StringComparison.OrdinalIgnoreCase);
        return sameVault && secrets.TryGetValue(reference.Groups["secret"].Value, out var secret) ? secret : value;
    }

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=(?<vault>[^;]+);SecretName=(?<secret>[^;)]+)\)$")]
    private static partial Regex KeyVaultReference();
}
