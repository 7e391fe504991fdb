using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>A tenant's Graph client and the roots its requests are built on.</summary>
public sealed class TenantGraph(GraphServiceClient client, Uri root) : IDisposable
{
    public GraphServiceClient Client { get; } = client;

    /// <summary>Graph's root for this tenant, e.g. <c>https://graph.microsoft.com</c>; v1.0 and beta hang below it.</summary>
    public Uri Root { get; } = root;

    /// <summary>Leaves the shared <see cref="HttpClient"/> alone: the SDK disposes only a client it made itself.</summary>
    public void Dispose() => Client.Dispose();
}

/// <summary>
/// One cached <see cref="GraphServiceClient"/> per tenant, each with that tenant's own credential. Clients (and
/// their token caches) live as long as the process, which is what lets a poll of 800 tenants reuse tokens.
/// All of them send through one <see cref="HttpClient"/>: the middleware keeps nothing per tenant (a request
/// carries its own options and its own <c>Authorization</c> header), and one connection pool to Graph holds as
/// many connections as requests are in flight, where a pool per tenant kept up to three idle connections for
/// each of a thousand tenants (measured: docs/benchmarks.md).
/// </summary>
public sealed class GraphClientProvider(IOptions<TokenWatchOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];
    private readonly ConcurrentDictionary<string, Lazy<TenantGraph>> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<HttpClient> _http = new(() => HttpClientFor(options.Value.Graph, clock));

    private readonly Lazy<KeyVaultSecrets> _vault = new(() => new KeyVaultSecrets(options.Value.Graph));

    /// <summary>A configured tenant's client (or one with the global credential when the id is not configured).</summary>
    public TenantGraph For(string tenantId) => For(new MonitoredTenant(tenantId, tenantId, []));

    /// <summary>
    /// The tenant's client. A catalog tenant's sign-in is part of the cache key, so a client id or secret name
    /// changed in the catalog takes effect at the next poll, without a restart.
    /// </summary>
    public TenantGraph For(MonitoredTenant tenant)
    {
        var key = tenant.SignIn is { } signIn
            ? $"{tenant.TenantId}|{signIn.Auth}|{signIn.ClientId}|{signIn.SecretName}"
            : tenant.TenantId;
        return _clients.GetOrAdd(key, _ => new Lazy<TenantGraph>(() => Create(tenant))).Value;
    }

    private TenantGraph Create(MonitoredTenant monitored)
    {
        var settings = options.Value;
        var tenantId = monitored.TenantId;
        var tenant = monitored.SignIn is { } signIn
            ? new TenantOptions
            {
                TenantId = tenantId,
                Auth = Enum.Parse<GraphAuth>(signIn.Auth),
                ClientId = signIn.ClientId,
                SecretName = signIn.SecretName,
            }
            : settings.Tenants.FirstOrDefault(t =>
                string.Equals(t.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)
            ) ?? new TenantOptions { TenantId = tenantId };
        var root = new Uri(
            settings
                .Graph.BaseUrl.Replace("{tenantId}", Uri.EscapeDataString(tenantId), StringComparison.Ordinal)
                .TrimEnd('/')
        );
        var v1 = $"{root}/v1.0";
        var auth = tenant.Auth ?? settings.Graph.Auth;
        var client =
            auth == GraphAuth.None
                ? new GraphServiceClient(_http.Value, new AnonymousAuthenticationProvider(), v1)
                : new GraphServiceClient(_http.Value, Credential(auth, tenant, settings.Graph, _vault), Scopes, v1);
        return new TenantGraph(client, root);
    }

    /// <summary>
    /// The one origin (scheme, host, port) every tenant's Graph root shares: <c>{tenantId}</c> is only ever part of
    /// the path, so a single same-origin check serves the shared client.
    /// </summary>
    private static Uri GraphOrigin(GraphOptions graph) =>
        new(
            new Uri(graph.BaseUrl.Replace("{tenantId}", "tenant", StringComparison.Ordinal)).GetLeftPart(
                UriPartial.Authority
            )
        );

    /// <summary>
    /// The Graph SDK's own middleware, with its retry handler set from <see cref="GraphOptions"/> instead of the
    /// built-in 3 retries / 3 s: Kiota's handler retries 429, 503 and 504, waits what <c>Retry-After</c> says
    /// (capped at 180 s) or <c>2^n × Delay</c> seconds without it, and stops once the waits would pass
    /// <c>RetriesTimeLimit</c>. Its waits are real time, so tests set <c>RetryDelaySeconds = 0</c> rather than sleep.
    /// Each attempt, its body included, gets its own timeout on <paramref name="clock"/> and a size bound; the whole
    /// read is bounded by the poll's per-tenant timeout, so the <see cref="HttpClient"/>'s own timeout is switched
    /// off. The transport decompresses nothing (its decompression has no bound): <see cref="BoundedBodyHandler"/> does.
    /// Innermost, every request (a redirect's too) must be for the configured Graph origin.
    /// </summary>
    internal static HttpClient HttpClientFor(GraphOptions graph, TimeProvider clock)
    {
        var retry = new RetryHandlerOption
        {
            MaxRetry = graph.MaxRetries,
            Delay = graph.RetryDelaySeconds,
            RetriesTimeLimit = TimeSpan.FromSeconds(graph.MaxRetryWaitSeconds),
        };
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var index = handlers.ToList().FindIndex(h => h is RetryHandler);
        if (index < 0)
        {
            throw new InvalidOperationException(
                "The Graph SDK's default middleware has no retry handler to configure."
            );
        }

        handlers[index] = new RetryHandler(retry);
        handlers.Add(new AttemptTimeoutHandler(TimeSpan.FromSeconds(graph.RequestTimeoutSeconds), clock));
        handlers.Add(new BoundedBodyHandler(graph.MaxResponseBytes));
        handlers.Add(new ResponseTraceHandler());
        handlers.Add(new SameOriginHandler(GraphOrigin(graph)));
        var http = GraphClientFactory.Create(handlers, finalHandler: Transport());
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    /// <summary>The SDK's own transport (proxy, no redirects), with its unbounded automatic decompression turned off.</summary>
    private static HttpMessageHandler Transport()
    {
        var transport = KiotaClientFactory.GetDefaultHttpMessageHandler();
        if (transport is not SocketsHttpHandler sockets)
        {
            throw new InvalidOperationException(
                "The Graph SDK's default transport is not a SocketsHttpHandler; its decompression cannot be bounded."
            );
        }

        sockets.AutomaticDecompression = System.Net.DecompressionMethods.None;
        sockets.AllowAutoRedirect = false;
        return sockets;
    }

    private static TokenCredential Credential(
        GraphAuth auth,
        TenantOptions tenant,
        GraphOptions graph,
        Lazy<KeyVaultSecrets> vault
    ) =>
        auth switch
        {
            GraphAuth.ManagedIdentity => ManagedIdentity(graph),
            GraphAuth.ClientSecret or GraphAuth.ClientCertificate when tenant.SecretName is { Length: > 0 } =>
                new KeyVaultSecretCredential(auth, tenant.TenantId, tenant.ClientId!, tenant.SecretName, vault.Value),
            GraphAuth.ClientSecret => new ClientSecretCredential(tenant.TenantId, tenant.ClientId, tenant.ClientSecret),
            GraphAuth.ClientCertificate => new ClientCertificateCredential(
                tenant.TenantId,
                tenant.ClientId,
                tenant.CertificatePath
            ),
            GraphAuth.FederatedManagedIdentity => FederatedManagedIdentity(tenant, graph),
            GraphAuth.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = tenant.TenantId }),
            _ => throw new ArgumentOutOfRangeException(nameof(auth), auth, "No credential for this auth mode."),
        };

    internal static ManagedIdentityCredential ManagedIdentity(GraphOptions graph) =>
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
        return new ClientAssertionCredential(tenant.TenantId, tenant.ClientId, async ct =>
            (await identity.GetTokenAsync(exchange, ct)).Token
        );
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
