namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// GDAP discovery (<c>TokenWatch:Discovery</c>): the partner tenant whose delegated-admin customers TokenWatch
/// finds, and the multi-tenant app each customer consents to. Unset <see cref="PartnerTenantId"/>: no discovery.
/// </summary>
public sealed class DiscoveryOptions
{
    /// <summary>
    /// The MSP's own tenant, read with <see cref="GraphOptions.Auth"/> (permission
    /// DelegatedAdminRelationship.Read.All).
    /// </summary>
    public string? PartnerTenantId { get; set; }

    /// <summary>
    /// The multi-tenant app's client id: customers consent to it, and discovered tenants sign in with it.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The partner tenant's cloud; null: <see cref="GraphOptions.Cloud"/>. GDAP relationships stay within one cloud,
    /// so every customer discovered is of this cloud too.
    /// </summary>
    public TokenWatch.Core.Tenants.NationalCloud? Cloud { get; set; }

    /// <summary>How discovered tenants sign in; the secret-free federated credential unless said otherwise.</summary>
    public GraphAuth Auth { get; set; } = GraphAuth.FederatedManagedIdentity;

    /// <summary>
    /// Who gets the daily discovery summary (new, unconsented and departed customers); empty:
    /// <see cref="EmailOptions.Recipients"/>. With neither, the configuration is refused at start.
    /// </summary>
    public List<string> OpsRecipients { get; set; } = [];
}
