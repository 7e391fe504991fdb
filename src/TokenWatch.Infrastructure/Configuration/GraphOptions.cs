using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Configuration;

public sealed class GraphOptions
{
    public const string PublicCloud = "https://graph.microsoft.com";

    /// <summary>
    /// Graph's root, without version. May hold <c>{tenantId}</c>, replaced per tenant (the simulator serves each
    /// tenant under its own path), and <c>{graphHost}</c>, the tenant's cloud's Graph host. Left at the default,
    /// each tenant is read at its own cloud's host.
    /// </summary>
    public string BaseUrl { get; set; } = PublicCloud;

    public GraphAuth Auth { get; set; } = GraphAuth.ManagedIdentity;

    /// <summary>
    /// The cloud this deployment and its managed identity live in, and every tenant's unless it names its own. A
    /// managed identity signs in only in its own cloud.
    /// </summary>
    public NationalCloud Cloud { get; set; } = NationalCloud.Global;

    /// <summary>Client id of a user-assigned managed identity; null: the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The Key Vault holding the credentials that catalog tenants name (<c>secretName</c>), read with the managed
    /// identity, e.g. <c>https://kv-tokenwatch.vault.azure.net</c>.
    /// </summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>
    /// Retries of a request Graph answered 429, 503 or 504 (the Graph SDK's retry handler; at most 10). Each retry
    /// waits as long as <c>Retry-After</c> says, or backs off exponentially when Graph sends none.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Base of the exponential back-off when Graph sends no <c>Retry-After</c>: 3 gives waits of 3, 6, 12 s.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 180)]
    public int RetryDelaySeconds { get; set; } = 3;

    /// <summary>
    /// The most one request may spend waiting between retries. A <c>Retry-After</c> that would go past it ends the
    /// retries at once, and the endpoint is reported <c>throttled</c>; the next poll tries again.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int MaxRetryWaitSeconds { get; set; } = 30;

    /// <summary>
    /// How long one attempt of one request may take, its whole body included, before it counts as
    /// <c>unavailable</c>. A body that trickles in is bounded here, not by the tenant's timeout.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Largest answer read, both as it arrives and once decompressed: past it the read stops and the endpoint is
    /// <c>too-large</c>. A page of Apple tokens is kilobytes; the bound is there for a broken or hostile server.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1024)]
    public int MaxResponseMegabytes { get; set; } = 16;

    public long MaxResponseBytes => MaxResponseMegabytes * 1024L * 1024L;
}
