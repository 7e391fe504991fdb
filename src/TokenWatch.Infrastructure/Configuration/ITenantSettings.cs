using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The fields a watched tenant has wherever it is configured, in app settings (<see cref="TenantOptions"/>) or in
/// the tenant catalog (<see cref="Catalog.CatalogTenant"/>): declared once, and checked once by
/// <see cref="TenantRules"/>.
/// </summary>
public interface ITenantSettings
{
    /// <summary>The Entra tenant id (GUID) or its primary domain.</summary>
    string TenantId { get; }

    /// <summary>The name admins know the tenant by, used in email subjects.</summary>
    string? DisplayName { get; }

    /// <summary>Who is told about this tenant; empty: <see cref="EmailOptions.Recipients"/>.</summary>
    IReadOnlyList<string> Recipients { get; }

    /// <summary>Also told of a critical event; empty: <see cref="EmailOptions.CriticalRecipients"/>.</summary>
    IReadOnlyList<string> CriticalRecipients { get; }

    /// <summary>This tenant's credential; null: <see cref="GraphOptions.Auth"/>.</summary>
    GraphAuth? Auth { get; }

    /// <summary>The app registration's client id (ClientSecret, ClientCertificate, FederatedManagedIdentity).</summary>
    string? ClientId { get; }

    /// <summary>The Key Vault secret holding the credential (ClientSecret, ClientCertificate).</summary>
    string? SecretName { get; }

    /// <summary>The tenant's cloud; null: <see cref="GraphOptions.Cloud"/>.</summary>
    NationalCloud? Cloud { get; }
}
