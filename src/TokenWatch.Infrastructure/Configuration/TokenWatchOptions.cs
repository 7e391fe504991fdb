using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Retention;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The <c>TokenWatch</c> configuration section (environment variables: <c>TokenWatch__Email__From</c>, …).</summary>
public sealed class TokenWatchOptions
{
    public const string Section = "TokenWatch";

    public List<TenantOptions> Tenants { get; set; } = [];
    public GraphOptions Graph { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();
    public HealthThresholds Health { get; set; } = new();
    public CycleSettings Cycle { get; set; } = new();
    public AlertSettings Alerts { get; set; } = new();
    public RetentionSettings Retention { get; set; } = new();
    public RoutingOptions Routing { get; set; } =
        new()
        {
            Email = RouteLevels.All,
            Teams = RouteLevels.Off,
            Webhook = RouteLevels.Off,
        };
    public TeamsOptions Teams { get; set; } = new();
    public WebhookOptions Webhook { get; set; } = new();
    public CalendarOptions Calendar { get; set; } = new();

    public DiscoveryOptions Discovery { get; set; } = new();

    public Core.Enrollment.EnrollmentSettings Enrollment { get; set; } = new();

    /// <summary>Signed snooze and acknowledge links in digests, and the page they open.</summary>
    public ActionSettings Actions { get; set; } = new();
}

/// <summary>How TokenWatch signs in to Microsoft Graph.</summary>
public enum GraphAuth
{
    /// <summary>The Function App's managed identity (the app's own tenant).</summary>
    ManagedIdentity,

    /// <summary>A multi-tenant app registration with a client secret.</summary>
    ClientSecret,

    /// <summary>A multi-tenant app registration with a certificate (a PEM or PFX file).</summary>
    ClientCertificate,

    /// <summary>A multi-tenant app registration whose federated credential is the managed identity: no secret anywhere.</summary>
    FederatedManagedIdentity,

    /// <summary>The signed-in Azure CLI user, for trying TokenWatch from a workstation.</summary>
    AzureCli,

    /// <summary>No credential: only for a Graph simulator on a loopback address.</summary>
    None,
}

public sealed class TenantOptions : ITenantSettings
{
    /// <summary>The Entra tenant id (GUID) or its primary domain.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>The name admins know the tenant by, used in email subjects.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Who is told about this tenant; empty: <see cref="EmailOptions.Recipients"/>.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Also told when a digest of this tenant holds a critical event; empty: <see cref="EmailOptions.CriticalRecipients"/>.</summary>
    public List<string> CriticalRecipients { get; set; } = [];

    IReadOnlyList<string> ITenantSettings.Recipients => Recipients;

    IReadOnlyList<string> ITenantSettings.CriticalRecipients => CriticalRecipients;

    /// <summary>This tenant's credential; null: <see cref="GraphOptions.Auth"/>.</summary>
    public GraphAuth? Auth { get; set; }

    /// <summary>The app registration's client id (ClientSecret, ClientCertificate, FederatedManagedIdentity).</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? CertificatePath { get; set; }

    /// <summary>This tenant's channels; a channel left empty follows <see cref="TokenWatchOptions.Routing"/>.</summary>
    public RoutingOptions Routing { get; set; } = new();

    /// <summary>
    /// The Key Vault secret (in <see cref="GraphOptions.KeyVaultUri"/>) holding the client secret or PFX: read at the
    /// first sign-in, so a secret not there yet is this tenant's monitoring failure, not a start-up failure.
    /// </summary>
    public string? SecretName { get; set; }

    /// <summary>The tenant's cloud; null: <see cref="GraphOptions.Cloud"/>.</summary>
    public NationalCloud? Cloud { get; set; }
}

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

    /// <summary>Base of the exponential back-off when Graph sends no <c>Retry-After</c>: 3 gives waits of 3, 6, 12 s.</summary>
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

public sealed class EmailOptions
{
    /// <summary>The sender address (a verified SendGrid sender).</summary>
    public string From { get; set; } = "";

    public string FromName { get; set; } = "TokenWatch";

    /// <summary>Recipients of tenants that name none of their own.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// Also told when a digest holds a critical event (an on-call address), for tenants that name none of their own:
    /// warnings go to the team, critical events to the team and on-call.
    /// </summary>
    public List<string> CriticalRecipients { get; set; } = [];

    /// <summary>SendGrid, the outbox folder, or (<see cref="EmailDelivery.Auto"/>) SendGrid only when a key is set.</summary>
    public EmailDelivery Delivery { get; set; } = EmailDelivery.Auto;

    /// <summary>SendGrid API key (a Key Vault reference in Azure). Empty, with <see cref="EmailDelivery.Auto"/>: emails are written to <see cref="OutboxPath"/>.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>
    /// SendGrid's API root; only changed to point at a local test endpoint. https only, except plain http on a
    /// loopback address: the API key travels in every request.
    /// </summary>
    public string? SendGridHost { get; set; }

    public string OutboxPath { get; set; } = "outbox";

    /// <summary>SendGrid validates but does not deliver: for trying a deployment without mailing anyone.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>
    /// Longest Retry-After that a SendGrid 429 is waited out for before the one retry (0 to 300 s). A longer wait
    /// fails the send as transient instead, and the next evaluation sends the digest: an evaluation should not hang.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public int MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Whether digests go to SendGrid (else to the outbox folder).</summary>
    public bool UsesSendGrid() =>
        Delivery == EmailDelivery.SendGrid
        || (Delivery == EmailDelivery.Auto && !string.IsNullOrWhiteSpace(SendGridApiKey));

    /// <summary>How long one SendGrid request may take, its answer included, before it counts as not accepted.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 300)]
    public int SendTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The longest one send of one email can take: two attempts (the second after a 429) and the Retry-After wait
    /// between them. The send lease must outlast it.
    /// </summary>
    public TimeSpan LongestSend =>
        TimeSpan.FromSeconds(2 * SendTimeoutSeconds + Math.Clamp(MaxRetryAfterSeconds, 0, 300));
}

public sealed class StorageOptions
{
    /// <summary>A storage connection string (Azurite locally). Prefer <see cref="TableServiceUri"/> in Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, used with the managed identity, e.g. <c>https://acct.table.core.windows.net</c>.</summary>
    public string? TableServiceUri { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Who signs in to <see cref="TableServiceUri"/>: the managed identity in Azure, or the operator's Azure CLI
    /// sign-in from a workstation (the CLI's choice when only a table endpoint is given).
    /// </summary>
    public StorageSignIn SignIn { get; set; } = StorageSignIn.ManagedIdentity;

    /// <summary>
    /// How long one attempt of one storage operation may take, its response body included (the SDK's own default is
    /// 100 s). Storage that accepts connections and never answers is given up on after the attempts below.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 300)]
    public int OperationTimeoutSeconds { get; set; } = 15;

    /// <summary>Retries of a storage operation that failed or timed out (the SDK backs off 0.8 s, 1.6 s, 3.2 s, …).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The tenant catalog's table; another name lets several TokenWatch instances share one account.</summary>
    public string CatalogTable { get; set; } = "TenantCatalog";
}
