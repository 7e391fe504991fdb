using System.Text.RegularExpressions;
using TokenWatch.Core.Alerts;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// Checks a catalog row before it is stored: one problem per line, each naming the field, so a row added by hand,
/// by an import or by discovery cannot fail every poll later.
/// </summary>
public static partial class CatalogTenantValidator
{
    public static IReadOnlyList<string> Problems(CatalogTenant row, TokenWatchOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(row.TenantId))
        {
            problems.Add("tenantId is missing.");
        }
        else if (row.TenantId.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '#' or '?' or ';'))
        {
            problems.Add($"tenantId '{row.TenantId}' is not a tenant id or domain.");
        }

        if (row.DisplayName is { } name && name.Any(char.IsControl))
        {
            problems.Add("displayName holds a line break or another control character.");
        }

        Recipients("recipients", row.Recipients, problems);
        Recipients("criticalRecipients", row.CriticalRecipients, problems);
        if (row.Recipients.Count == 0 && options.Email.Recipients.Count == 0)
        {
            problems.Add("recipients is empty, and TokenWatch:Email:Recipients names no default.");
        }

        SignIn(row, options, problems);
        Policy(row, problems);
        return problems;
    }

    private static void Recipients(string field, IReadOnlyList<string> recipients, List<string> problems) =>
        problems.AddRange(recipients.Where(r => !TokenWatchOptionsValidator.IsEmail(r))
            .Select(r => $"{field} has '{r}', which is not an email address."));

    private static void SignIn(CatalogTenant row, TokenWatchOptions options, List<string> problems)
    {
        var auth = row.Auth ?? options.Graph.Auth;
        if (auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate or GraphAuth.FederatedManagedIdentity
            && !Guid.TryParse(row.ClientId, out _))
        {
            problems.Add($"clientId must be the app registration's client id (a GUID) for auth '{auth}'.");
        }

        if (row.SecretName is { Length: > 0 } secret && !SecretName().IsMatch(secret))
        {
            // A real secret almost always holds '~', '.' or '_': refused here, and not repeated in the message.
            problems.Add("secretName is not a Key Vault secret name (1-127 letters, digits and '-'); give the name, never the secret itself.");
        }

        if (auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate)
        {
            if (string.IsNullOrWhiteSpace(row.SecretName))
            {
                problems.Add($"secretName (the Key Vault secret holding the credential) is required for auth '{auth}'.");
            }

            if (string.IsNullOrWhiteSpace(options.Graph.KeyVaultUri))
            {
                problems.Add($"auth '{auth}' reads its secret from Key Vault, but TokenWatch:Graph:KeyVaultUri is not set.");
            }
        }

        if (auth is GraphAuth.AzureCli)
        {
            problems.Add("auth 'AzureCli' is for a workstation, not for a watched tenant.");
        }
    }

    private static void Policy(CatalogTenant row, List<string> problems)
    {
        if (row.Milestones is not null && !AlertSettings.TryParseMilestones(row.Milestones, out _, out var problem))
        {
            problems.Add($"milestones '{row.Milestones}': {problem}");
        }

        Range("expiryWarningDays", row.ExpiryWarningDays, 1, 365, problems);
        Range("adeSyncWarningHours", row.AdeSyncWarningHours, 1, 24 * 30, problems);
        Range("adeSyncCriticalHours", row.AdeSyncCriticalHours, 1, 24 * 60, problems);
        Range("vppSyncWarningHours", row.VppSyncWarningHours, 1, 24 * 30, problems);
        Range("vppSyncCriticalHours", row.VppSyncCriticalHours, 1, 24 * 60, problems);
    }

    private static void Range(string field, int? value, int min, int max, List<string> problems)
    {
        if (value is { } v && (v < min || v > max))
        {
            problems.Add($"{field} {v} is not from {min} to {max}.");
        }
    }

    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$")]
    private static partial Regex SecretName();
}
