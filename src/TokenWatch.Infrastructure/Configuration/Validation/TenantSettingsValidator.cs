using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Catalog;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// The tenants of <c>TokenWatch:Tenants</c>: each one by <see cref="TenantRules"/>, plus what only app settings
/// hold (a secret or a certificate file, recipients for its channels) and what concerns the list (a tenant twice).
/// </summary>
public sealed class TenantSettingsValidator(TokenWatchScope scope) : IValidateOptions<TokenWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenWatchOptions options) =>
        ConfigurationValues.Result(Problems(options));

    private IEnumerable<string> Problems(TokenWatchOptions options)
    {
        var full = scope == TokenWatchScope.Full;
        if (options.Tenants.Count == 0 && !full && !TenantCatalog.HasStorage(options))
        {
            // A full app may start with no configured tenant: its tenants may all come from the catalog table. So may
            // check, but only when storage is configured: without it there is no catalog to read.
            return
            [
                "TokenWatch:Tenants is empty and no tenant catalog is configured: configure at least one "
                    + "tenant (TokenWatch__Tenants__0__TenantId), or the catalog's storage "
                    + "(TokenWatch__Storage__ConnectionString or __TableServiceUri).",
            ];
        }

        return
        [
            .. options.Tenants.SelectMany((tenant, i) => Tenant(tenant, $"TokenWatch:Tenants:{i}", options, full)),
            .. Duplicates(options.Tenants),
        ];
    }

    private static IEnumerable<string> Tenant(TenantOptions tenant, string at, TokenWatchOptions options, bool full)
    {
        foreach (var problem in TenantRules.Problems(tenant, options.Graph, f => $"{at}:{f}"))
        {
            yield return problem;
        }

        if (full && tenant.Recipients.Count == 0 && options.Email.Recipients.Count == 0 && UsesEmail(tenant, options))
        {
            yield return $"{at} ({tenant.TenantId}) has no recipients, "
                + "and TokenWatch:Email:Recipients names no default.";
        }

        foreach (var problem in Credential(tenant, at, tenant.Auth ?? options.Graph.Auth, options.Graph))
        {
            yield return problem;
        }
    }

    /// <summary>
    /// The credential in settings, or the name of the Key Vault secret that holds it: a named secret is read at the
    /// first sign-in, so one missing there fails that tenant's polls rather than every tenant's start.
    /// </summary>
    private static IEnumerable<string> Credential(TenantOptions tenant, string at, GraphAuth auth, GraphOptions graph)
    {
        if (auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate && tenant.SecretName is { Length: > 0 })
        {
            return string.IsNullOrWhiteSpace(graph.KeyVaultUri)
                ? [$"{at}:SecretName names a Key Vault secret, but TokenWatch:Graph:KeyVaultUri is not set."]
                : [];
        }

        if (auth == GraphAuth.ClientSecret && string.IsNullOrWhiteSpace(tenant.ClientSecret))
        {
            return [$"{at}:ClientSecret or {at}:SecretName (a Key Vault secret) is required for auth 'ClientSecret'."];
        }

        if (auth == GraphAuth.ClientCertificate && string.IsNullOrWhiteSpace(tenant.CertificatePath))
        {
            return [$"{at}:CertificatePath or {at}:SecretName is required for auth 'ClientCertificate'."];
        }

        // Found out at start, not at the first poll as an auth failure of every endpoint.
        return auth == GraphAuth.ClientCertificate && !File.Exists(tenant.CertificatePath)
            ? [$"{at}:CertificatePath '{tenant.CertificatePath}' is not a file this app can read."]
            : [];
    }

    private static IEnumerable<string> Duplicates(IEnumerable<TenantOptions> tenants) =>
        tenants
            .Where(t => !string.IsNullOrWhiteSpace(t.TenantId))
            .GroupBy(t => t.TenantId.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"TokenWatch:Tenants lists tenant '{g.Key}' {g.Count()} times.");

    private static bool UsesEmail(TenantOptions tenant, TokenWatchOptions options) =>
        TenantRoutes.Of(tenant, options.Routing).Any(r => r.Channel == Core.Notifications.DeliveryChannel.Email);
}
