using Azure.Core;
using Azure.Identity;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// A tenant's credential, signing in at its cloud's authority. A managed identity has no authority to choose: it
/// signs in where the deployment runs, so validation keeps it (and the federated credential built on it) to the
/// deployment's own cloud. The Azure CLI signs in to the cloud <c>az cloud set</c> chose.
/// </summary>
internal static class GraphCredentials
{
    public static TokenCredential For(
        GraphAuth auth,
        TenantOptions tenant,
        GraphOptions graph,
        CloudEndpoints cloud,
        Lazy<KeyVaultSecrets> vault
    ) =>
        auth switch
        {
            GraphAuth.ManagedIdentity => ManagedIdentity(graph),
            GraphAuth.ClientSecret or GraphAuth.ClientCertificate when tenant.SecretName is { Length: > 0 } =>
                new KeyVaultSecretCredential(auth, tenant, cloud.AuthorityHost, vault.Value),
            GraphAuth.ClientSecret => new ClientSecretCredential(
                tenant.TenantId,
                tenant.ClientId,
                tenant.ClientSecret,
                new ClientSecretCredentialOptions { AuthorityHost = cloud.AuthorityHost }
            ),
            GraphAuth.ClientCertificate => new ClientCertificateCredential(
                tenant.TenantId,
                tenant.ClientId,
                tenant.CertificatePath,
                new ClientCertificateCredentialOptions { AuthorityHost = cloud.AuthorityHost }
            ),
            GraphAuth.FederatedManagedIdentity => FederatedManagedIdentity(tenant, graph, cloud),
            GraphAuth.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenant.TenantId }),
            _ => throw new ArgumentOutOfRangeException(nameof(auth), auth, "No credential for this auth mode."),
        };

    public static ManagedIdentityCredential ManagedIdentity(GraphOptions graph) =>
        string.IsNullOrWhiteSpace(graph.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(graph.ManagedIdentityClientId));

    /// <summary>
    /// A customer tenant reached through a multi-tenant app whose federated credential is our managed identity:
    /// the assertion is a managed-identity token for <c>api://AzureADTokenExchange</c>, so no secret exists.
    /// </summary>
    private static ClientAssertionCredential FederatedManagedIdentity(
        TenantOptions tenant,
        GraphOptions graph,
        CloudEndpoints cloud
    )
    {
        var identity = ManagedIdentity(graph);
        var exchange = new TokenRequestContext(["api://AzureADTokenExchange/.default"]);
        return new ClientAssertionCredential(
            tenant.TenantId,
            tenant.ClientId,
            async ct => (await identity.GetTokenAsync(exchange, ct)).Token,
            new ClientAssertionCredentialOptions { AuthorityHost = cloud.AuthorityHost }
        );
    }
}
