using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// One row of the tenant catalog, as stored: only what was set for this tenant. Every empty or null value
/// inherits the global setting when the tenant is watched. Holds names of credentials, never their values.
/// </summary>
public sealed record CatalogTenant : ITenantSettings
{
    public required string TenantId { get; init; }

    public string? DisplayName { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    public IReadOnlyList<string> CriticalRecipients { get; init; } = [];

    /// <summary>Null: <see cref="GraphOptions.Auth"/>.</summary>
    public GraphAuth? Auth { get; init; }

    public string? ClientId { get; init; }

    /// <summary>The Key Vault secret holding the client secret (ClientSecret) or the PFX (ClientCertificate).</summary>
    public string? SecretName { get; init; }

    /// <summary>Null: <see cref="GraphOptions.Cloud"/>.</summary>
    public NationalCloud? Cloud { get; init; }

    public bool Paused { get; init; }

    /// <summary>Why it is paused, for whoever lists the catalog later.</summary>
    public string? PausedReason { get; init; }

    /// <summary>Days before expiry at which admins are told, as <c>60,30,14</c>; null: the global milestones.</summary>
    public string? Milestones { get; init; }

    public int? ExpiryWarningDays { get; init; }

    public int? AdeSyncWarningHours { get; init; }

    public int? AdeSyncCriticalHours { get; init; }

    public int? VppSyncWarningHours { get; init; }

    public int? VppSyncCriticalHours { get; init; }

    /// <summary>
    /// How the row got here: <c>discovery</c> for <c>tenants discover --add</c>; else how it was added by hand.
    /// </summary>
    public string? Origin { get; init; }

    public const string DiscoveryOrigin = "discovery";

    /// <summary>Catalog rows are keyed by the tenant id without regard to case, as Entra treats it.</summary>
    public static bool SameId(string a, string b) => Key(a) == Key(b);

    /// <summary>
    /// The catalog's key of a tenant id (its row key, unescaped): trimmed, in invariant lower case, which also folds
    /// look-alikes such as the Kelvin sign into <c>k</c>. Every comparison of catalog ids goes through it.
    /// </summary>
    public static string Key(string tenantId) => tenantId.Trim().ToLowerInvariant();
}
