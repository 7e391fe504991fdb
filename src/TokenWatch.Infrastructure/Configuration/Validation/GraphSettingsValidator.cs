using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// Where Graph is and how TokenWatch signs in to it: the Graph URL with the auth modes that use it, the Key Vault
/// of catalog credentials, and GDAP discovery's app.
/// </summary>
public sealed class GraphSettingsValidator : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result([
            .. Graph(options),
            .. KeyVault(options.Graph),
            .. Discovery(options.Discovery),
            .. DiscoveryCloud(options),
        ]);

    /// <summary>
    /// The partner tenant is read with <see cref="GraphOptions.Auth"/> and its customers with the discovery's auth,
    /// both in the partner's cloud: one message however many of them cannot sign in there.
    /// </summary>
    private static IEnumerable<string> DiscoveryCloud(TokenWatchOptions options)
    {
        var discovery = options.Discovery;
        if (string.IsNullOrWhiteSpace(discovery.PartnerTenantId))
        {
            return [];
        }

        var cloud = discovery.Cloud ?? options.Graph.Cloud;
        string Field(string f) => $"TokenWatch:Discovery:{f}";
        return CloudRules
            .Problems(cloud, options.Graph.Auth, options.Graph, Field)
            .Concat(CloudRules.Problems(cloud, discovery.Auth, options.Graph, Field))
            .Take(1);
    }

    private static IEnumerable<string> Graph(TokenWatchOptions options)
    {
        var baseUrl = options.Graph.BaseUrl;
        var url = baseUrl.Replace("{tenantId}", "tenant", StringComparison.Ordinal);
        if (
            !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        )
        {
            yield return $"TokenWatch:Graph:BaseUrl '{baseUrl}' is not an absolute http(s) URL.";
            yield break;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !ConfigurationValues.IsLoopback(uri))
        {
            yield return $"TokenWatch:Graph:BaseUrl '{baseUrl}' uses plain http on a non-loopback host; "
                + "Graph must be reached over https.";
        }

        var usesNone =
            options.Graph.Auth == GraphAuth.None
            || options.Tenants.Any(t => t.Auth == GraphAuth.None)
            || (options.Discovery.PartnerTenantId is not null && options.Discovery.Auth == GraphAuth.None);
        if (usesNone && !ConfigurationValues.IsLoopback(uri))
        {
            yield return $"Auth 'None' is only allowed for a loopback Graph URL (a simulator), not '{baseUrl}'.";
        }
    }

    private static IEnumerable<string> KeyVault(GraphOptions graph)
    {
        if (
            graph.KeyVaultUri is { Length: > 0 } vault
            && (!Uri.TryCreate(vault, UriKind.Absolute, out var vaultUri) || vaultUri.Scheme != Uri.UriSchemeHttps)
        )
        {
            yield return $"TokenWatch:Graph:KeyVaultUri '{vault}' is not an https URL.";
        }
    }

    private static IEnumerable<string> Discovery(DiscoveryOptions discovery)
    {
        if (string.IsNullOrWhiteSpace(discovery.PartnerTenantId))
        {
            yield break;
        }

        if (discovery.Auth != GraphAuth.None && !Guid.TryParse(discovery.ClientId, out _))
        {
            yield return "TokenWatch:Discovery:ClientId must be the multi-tenant app's client id (a GUID): "
                + "customers consent to it.";
        }

        if (discovery.Auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate or GraphAuth.AzureCli)
        {
            yield return $"TokenWatch:Discovery:Auth '{discovery.Auth}' cannot sign in to a discovered tenant: "
                + "use FederatedManagedIdentity.";
        }

        foreach (var recipient in discovery.OpsRecipients.Where(r => !ConfigurationValues.IsEmail(r)))
        {
            yield return $"TokenWatch:Discovery:OpsRecipients has '{recipient}', which is not an email address.";
        }
    }
}
