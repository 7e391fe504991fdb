using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// One cached <see cref="GraphServiceClient"/> per tenant, each with that tenant's own credential. Clients (and
/// their token caches) live as long as the process, which is what lets a poll of 800 tenants reuse tokens.
/// All of them send through one <see cref="HttpClient"/>: the middleware keeps nothing per tenant (a request
/// carries its own options and its own <c>Authorization</c> header), and one connection pool to Graph holds as
/// many connections as requests are in flight, where a pool per tenant kept up to three idle connections for
/// each of a thousand tenants (measured: docs/benchmarks.md). One such client per cloud, whose last handler keeps
/// every request on that cloud's Graph host.
/// </summary>
/// <param name="vault">The app's Key Vault client when it has one (the secrets tenants name are read with it).</param>
public sealed class GraphClientProvider(
    IOptions<TokenWatchOptions> options,
    TimeProvider clock,
    SecretClient? vault = null
) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TenantGraph>> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<NationalCloud, Lazy<HttpClient>> _http = new();

    private readonly Lazy<KeyVaultSecrets> _vault = new(() => new KeyVaultSecrets(options.Value.Graph, vault));

    /// <summary>
    /// A configured tenant's client, in its cloud (or one with the global credential, in the deployment's cloud,
    /// when the id is not configured).
    /// </summary>
    public TenantGraph For(string tenantId, NationalCloud? cloud = null) =>
        For(
            new MonitoredTenant(tenantId, tenantId, [])
            {
                Cloud = cloud ?? Configured(tenantId)?.Cloud ?? options.Value.Graph.Cloud,
            }
        );

    /// <summary>
    /// The tenant's client. A catalog tenant's sign-in and cloud are part of the cache key, so a client id, secret
    /// name or cloud changed in the catalog takes effect at the next poll, without a restart.
    /// </summary>
    public TenantGraph For(MonitoredTenant tenant)
    {
        var key = tenant.SignIn is { } signIn
            ? $"{tenant.TenantId}|{tenant.Cloud}|{signIn.Auth}|{signIn.ClientId}|{signIn.SecretName}"
            : $"{tenant.TenantId}|{tenant.Cloud}";
        return _clients.GetOrAdd(key, _ => new Lazy<TenantGraph>(() => Create(tenant))).Value;
    }

    private TenantOptions? Configured(string tenantId) =>
        options.Value.Tenants.FirstOrDefault(t =>
            string.Equals(t.TenantId.Trim(), tenantId.Trim(), StringComparison.OrdinalIgnoreCase)
        );

    private TenantGraph Create(MonitoredTenant monitored)
    {
        var settings = options.Value;
        var tenant = monitored.SignIn is { } signIn
            ? new TenantOptions
            {
                TenantId = monitored.TenantId,
                Auth = Enum.Parse<GraphAuth>(signIn.Auth),
                ClientId = signIn.ClientId,
                SecretName = signIn.SecretName,
            }
            : Configured(monitored.TenantId) ?? new TenantOptions { TenantId = monitored.TenantId };
        var cloud = CloudEndpoints.Of(monitored.Cloud);
        var root = cloud.GraphRoot(settings.Graph, monitored.TenantId);
        var http = _http
            .GetOrAdd(monitored.Cloud, c => new Lazy<HttpClient>(() =>
                HttpClientFor(settings.Graph, CloudEndpoints.Of(c), clock)
            ))
            .Value;
        var v1 = $"{root}/v1.0";
        var auth = tenant.Auth ?? settings.Graph.Auth;
        var client =
            auth == GraphAuth.None
                ? new GraphServiceClient(http, new AnonymousAuthenticationProvider(), v1)
                : new GraphServiceClient(
                    http,
                    GraphCredentials.For(auth, tenant, settings.Graph, cloud, _vault),
                    [cloud.Scope],
                    v1
                );
        return new TenantGraph(client, root, cloud);
    }

    /// <summary>
    /// The one origin (scheme, host, port) every tenant's Graph root of <paramref name="cloud"/> shares:
    /// <c>{tenantId}</c> is only ever part of the path, so one same-origin check serves the cloud's shared client,
    /// and an <c>@odata.nextLink</c> to another cloud's host is refused.
    /// </summary>
    private static Uri GraphOrigin(GraphOptions graph, CloudEndpoints cloud) =>
        new(cloud.GraphRoot(graph, "tenant").GetLeftPart(UriPartial.Authority));

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
    internal static HttpClient HttpClientFor(GraphOptions graph, CloudEndpoints cloud, TimeProvider clock)
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
        handlers.Add(new SameOriginHandler(GraphOrigin(graph, cloud)));
        var http = GraphClientFactory.Create(handlers, finalHandler: Transport());
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }

    /// <summary>
    /// The SDK's own transport (proxy, no redirects), with its unbounded automatic decompression turned off.
    /// </summary>
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

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        foreach (var http in _http.Values.Where(h => h.IsValueCreated))
        {
            http.Value.Dispose();
        }
    }
}
