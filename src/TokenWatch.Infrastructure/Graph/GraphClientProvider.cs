using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>A tenant's Graph client and the roots its requests are built on.</summary>
public sealed record TenantGraph(GraphServiceClient Client, Uri Root)
{
    /// <summary>Graph's root for this tenant, e.g. <c>https://graph.microsoft.com</c>; v1.0 and beta hang below it.</summary>
    public Uri Root { get; } = Root;
}

/// <summary>
/// One cached <see cref="GraphServiceClient"/> per tenant, each with that tenant's own credential. Clients (and
/// their token caches) live as long as the process, which is what lets a poll of 800 tenants reuse tokens.
/// </summary>
public sealed class GraphClientProvider(IOptions<TokenWatchOptions> options) : IDisposable
{
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];
    private readonly ConcurrentDictionary<string, Lazy<TenantGraph>> _clients = new(StringComparer.OrdinalIgnoreCase);

    public TenantGraph For(string tenantId) =>
        _clients.GetOrAdd(tenantId, id => new Lazy<TenantGraph>(() => Create(id))).Value;

    private TenantGraph Create(string tenantId)
    {
        var settings = options.Value;
        var tenant = settings.Tenants.FirstOrDefault(t => string.Equals(t.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
                     ?? new TenantOptions { TenantId = tenantId };
        var root = new Uri(settings.Graph.BaseUrl.Replace("{tenantId}", Uri.EscapeDataString(tenantId), StringComparison.Ordinal).TrimEnd('/'));
        var v1 = $"{root}/v1.0";
        var auth = tenant.Auth ?? settings.Graph.Auth;
        var client = auth == GraphAuth.None
            ? new GraphServiceClient(new AnonymousAuthenticationProvider(), v1)
            : new GraphServiceClient(Credential(auth, tenant, settings.Graph), Scopes, v1);
        return new TenantGraph(client, root);
    }

    private static TokenCredential Credential(GraphAuth auth, TenantOptions tenant, GraphOptions graph) => auth switch
    {
        GraphAuth.ManagedIdentity => ManagedIdentity(graph),
        GraphAuth.ClientSecret => new ClientSecretCredential(tenant.TenantId, tenant.ClientId, tenant.ClientSecret),
        GraphAuth.ClientCertificate => new ClientCertificateCredential(tenant.TenantId, tenant.ClientId, tenant.CertificatePath),
        GraphAuth.FederatedManagedIdentity => FederatedManagedIdentity(tenant, graph),
        GraphAuth.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenant.TenantId }),
        _ => throw new ArgumentOutOfRangeException(nameof(auth), auth, "No credential for this auth mode."),
    };

    private static ManagedIdentityCredential ManagedIdentity(GraphOptions graph) =>
        string.IsNullOrWhiteSpace(graph.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(graph.ManagedIdentityClientId));

    /// <summary>
    /// A customer tenant reached through a multi-tenant app whose federated credential is our managed identity:
    /// the assertion is a managed-identity token for <c>api://AzureADTokenExchange</c>, so no secret exists.
    /// </summary>
    private static ClientAssertionCredential FederatedManagedIdentity(TenantOptions tenant, GraphOptions graph)
    {
        var identity = ManagedIdentity(graph);
        var exchange = new TokenRequestContext(["api://AzureADTokenExchange/.default"]);
        return new ClientAssertionCredential(tenant.TenantId, tenant.ClientId,
            async ct => (await identity.GetTokenAsync(exchange, ct)).Token);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Client.Dispose();
        }
    }
}
