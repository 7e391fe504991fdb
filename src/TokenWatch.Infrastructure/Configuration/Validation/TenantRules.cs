using System.Globalization;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The rules of a tenant's own fields, the same for a tenant in app settings and one in the catalog. Each message
/// names the field as its source calls it (<c>TokenWatch:Tenants:0:TenantId</c>, <c>tenantId</c>).
/// </summary>
public static class TenantRules
{
    /// <summary>The auth modes that sign in as an app registration, and so need its client id.</summary>
    public static bool NeedsClientId(GraphAuth auth) =>
        auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate or GraphAuth.FederatedManagedIdentity;

    public static IEnumerable<string> Problems(ITenantSettings tenant, GraphOptions graph, Func<string, string> field)
    {
        var id = field(nameof(ITenantSettings.TenantId));
        if (string.IsNullOrWhiteSpace(tenant.TenantId))
        {
            yield return $"{id} is missing.";
        }
        else if (!IsTenantId(tenant.TenantId))
        {
            yield return $"{id} '{tenant.TenantId}' is not a tenant id or domain.";
        }

        if (tenant.DisplayName is { } name && name.Any(char.IsControl))
        {
            var displayName = field(nameof(ITenantSettings.DisplayName));
            yield return $"{displayName} holds a line break or another control character.";
        }

        var recipients = Addresses(field(nameof(ITenantSettings.Recipients)), tenant.Recipients);
        var critical = Addresses(field(nameof(ITenantSettings.CriticalRecipients)), tenant.CriticalRecipients);
        var auth = tenant.Auth ?? graph.Auth;
        foreach (var problem in recipients.Concat(critical).Concat(ClientId(tenant, auth, field)))
        {
            yield return problem;
        }

        if (tenant.SecretName is { Length: > 0 } secret && !IsSecretName(secret))
        {
            // A real secret almost always holds '~', '.' or '_': refused here, and not repeated in the message.
            yield return $"{field(nameof(ITenantSettings.SecretName))} is not a Key Vault secret name (1-127 "
                + "letters, digits and '-'); give the name, never the secret itself.";
        }

        foreach (var problem in CloudRules.Problems(tenant.Cloud ?? graph.Cloud, auth, graph, field))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> ClientId(ITenantSettings tenant, GraphAuth auth, Func<string, string> field)
    {
        var clientId = field(nameof(ITenantSettings.ClientId));
        if (NeedsClientId(auth) && string.IsNullOrWhiteSpace(tenant.ClientId))
        {
            yield return $"{clientId} is required for auth '{auth}': the app registration's client id (a GUID).";
        }
        else if (NeedsClientId(auth) && !Guid.TryParse(tenant.ClientId, out _))
        {
            yield return $"{clientId} must be the app registration's client id (a GUID) for auth '{auth}'.";
        }
    }

    /// <summary>
    /// A GUID or a domain: no blank, control or invisible format character (bidi controls reorder what a terminal
    /// shows), no character that would change a Graph URL or a table key (<c>/ \ # ?</c>) or a connection string
    /// (<c>;</c>), and not dots alone, which are path steps, not names (<c>..</c> climbs out of the tenant's path).
    /// </summary>
    public static bool IsTenantId(string value) =>
        !value.Any(c =>
            char.IsWhiteSpace(c)
            || char.IsControl(c)
            || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate
            || c is '/' or '\\' or '#' or '?' or ';'
        )
        && value.Trim('.').Length > 0;

    /// <summary>What Key Vault accepts as a secret name.</summary>
    public static bool IsSecretName(string name) =>
        name.Length is > 0 and <= 127 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static IEnumerable<string> Addresses(string field, IReadOnlyList<string> addresses) =>
        addresses
            .Where(a => !ConfigurationValues.IsEmail(a))
            .Select(a => $"{field} has '{a}', which is not an email address.");
}
