using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Configuration;

public sealed class TenantOptions : ITenantSettings
{
    /// <summary>The Entra tenant id (GUID) or its primary domain.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>The name admins know the tenant by, used in email subjects.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Who is told about this tenant; empty: <see cref="EmailOptions.Recipients"/>.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// Also told when a digest of this tenant holds a critical event; empty: <see
    /// cref="EmailOptions.CriticalRecipients"/>.
    /// </summary>
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
