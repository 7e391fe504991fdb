using System.Text.Json;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// Checks a catalog row before it is stored: one problem per line, each naming the field, so a row added by hand,
/// by an import or by discovery cannot fail every poll later.
/// </summary>
public static class CatalogTenantValidator
{
    public static IReadOnlyList<string> Problems(CatalogTenant row, TokenWatchOptions options)
    {
        var problems = TenantRules.Problems(row, options.Graph, JsonNamingPolicy.CamelCase.ConvertName).ToList();
        if (!row.Paused && row.Recipients.Count == 0 && options.Email.Recipients.Count == 0)
        {
            // Active with nobody to tell, its alerts would go nowhere; paused, it waits for its recipients.
            problems.Add(
                "recipients is empty, and TokenWatch:Email:Recipients names no default: name its recipients, "
                    + "or add it paused."
            );
        }

        SignIn(row, options, problems);
        Policy(row, options, problems);
        return problems;
    }

    private static void SignIn(CatalogTenant row, TokenWatchOptions options, List<string> problems)
    {
        var auth = row.Auth ?? options.Graph.Auth;
        if (auth is GraphAuth.ClientSecret or GraphAuth.ClientCertificate)
        {
            if (string.IsNullOrWhiteSpace(row.SecretName))
            {
                problems.Add(
                    $"secretName (the Key Vault secret holding the credential) is required for auth '{auth}'."
                );
            }

            if (string.IsNullOrWhiteSpace(options.Graph.KeyVaultUri))
            {
                problems.Add(
                    $"auth '{auth}' reads its secret from Key Vault, but TokenWatch:Graph:KeyVaultUri is not set."
                );
            }
        }

        if (auth is GraphAuth.AzureCli)
        {
            problems.Add("auth 'AzureCli' is for a workstation, not for a watched tenant.");
        }
    }

    /// <summary>
    /// A tenant's thresholds within the bounds of the global ones (<c>TokenWatch:Health</c>, per kind: a warning only
    /// after a whole missed sync), and, resolved over the global values it does not set, in an order that holds.
    /// </summary>
    private static void Policy(CatalogTenant row, TokenWatchOptions options, List<string> problems)
    {
        if (row.Milestones is not null && !AlertSettings.TryParseMilestones(row.Milestones, out _, out var problem))
        {
            problems.Add($"milestones '{row.Milestones}': {problem}");
        }

        var before = problems.Count;
        foreach (var threshold in Thresholds(row))
        {
            Range(threshold, problems);
        }

        if (problems.Count == before && TenantPolicies.Policy(row, options) is { } policy)
        {
            problems.AddRange(
                policy.Health.Problems().Select(p => $"sync thresholds with the global ones it inherits: {p}")
            );
        }
    }

    /// <summary>Within the bounds of the global setting of the same name (the constants its range uses).</summary>
    private static void Range(Threshold threshold, List<string> problems)
    {
        var (field, value, setting, min, max) = threshold;
        if (value is { } v && (v < min || v > max))
        {
            problems.Add($"{field} {v} is not from {min} to {max} (the bounds of TokenWatch:Health:{setting}).");
        }
    }

    /// <summary>
    /// A tenant's own thresholds, each with the global setting it overrides and that setting's bounds.
    /// </summary>
    private static Threshold[] Thresholds(CatalogTenant row) =>
        [
            new(
                "expiryWarningDays",
                row.ExpiryWarningDays,
                nameof(HealthThresholds.ExpiryWarningDays),
                HealthThresholds.MinExpiryWarningDays,
                HealthThresholds.MaxExpiryWarningDays
            ),
            new(
                "adeSyncWarningHours",
                row.AdeSyncWarningHours,
                nameof(HealthThresholds.AdeSyncWarningHours),
                HealthThresholds.MinAdeSyncWarningHours,
                HealthThresholds.MaxAdeSyncWarningHours
            ),
            new(
                "adeSyncCriticalHours",
                row.AdeSyncCriticalHours,
                nameof(HealthThresholds.AdeSyncCriticalHours),
                HealthThresholds.MinAdeSyncCriticalHours,
                HealthThresholds.MaxAdeSyncCriticalHours
            ),
            new(
                "vppSyncWarningHours",
                row.VppSyncWarningHours,
                nameof(HealthThresholds.VppSyncWarningHours),
                HealthThresholds.MinVppSyncWarningHours,
                HealthThresholds.MaxVppSyncWarningHours
            ),
            new(
                "vppSyncCriticalHours",
                row.VppSyncCriticalHours,
                nameof(HealthThresholds.VppSyncCriticalHours),
                HealthThresholds.MinVppSyncCriticalHours,
                HealthThresholds.MaxVppSyncCriticalHours
            ),
        ];
}
