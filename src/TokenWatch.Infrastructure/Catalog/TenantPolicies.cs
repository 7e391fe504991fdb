using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// Resolves a catalog tenant over the global settings: a value the tenant sets wins, every other one is the global
/// one. The same resolution serves the poll, the evaluation and <c>tokenwatch tenants show</c>.
/// </summary>
public static class TenantPolicies
{
    /// <summary>The tenant as the cycle watches it.</summary>
    public static MonitoredTenant Watched(CatalogTenant row, TokenWatchOptions options) =>
        new(
            row.TenantId.Trim(),
            string.IsNullOrWhiteSpace(row.DisplayName) ? row.TenantId.Trim() : row.DisplayName.Trim(),
            row.Recipients.Count > 0 ? row.Recipients : options.Email.Recipients
        )
        {
            CriticalRecipients =
                row.CriticalRecipients.Count > 0 ? row.CriticalRecipients : options.Email.CriticalRecipients,
            Paused = row.Paused,
            // The catalog holds no channels of its own: a catalog tenant's digests follow TokenWatch:Routing.
            Routes = TenantRoutes.Of(new TenantOptions(), options.Routing),
            Policy = Policy(row, options),
            SignIn = new TenantSignIn((row.Auth ?? options.Graph.Auth).ToString(), row.ClientId, row.SecretName),
            Cloud = row.Cloud ?? options.Graph.Cloud,
        };

    /// <summary>
    /// The tenant's own policy; null when it sets nothing of its own (the shared global policy applies).
    /// </summary>
    public static TenantPolicy? Policy(CatalogTenant row, TokenWatchOptions options)
    {
        if (
            row.Milestones is null
            && row.ExpiryWarningDays is null
            && row.AdeSyncWarningHours is null
            && row.AdeSyncCriticalHours is null
            && row.VppSyncWarningHours is null
            && row.VppSyncCriticalHours is null
        )
        {
            return null;
        }

        var global = options.Alerts;
        var alerts = new AlertSettings
        {
            Milestones = row.Milestones ?? global.Milestones,
            MilestonesDuringErrorDays = global.MilestonesDuringErrorDays,
            RenewalConfirmationHours = global.RenewalConfirmationHours,
            ReminderHours = global.ReminderHours,
            RecoveryPolls = global.RecoveryPolls,
            MonitoringFailurePolls = global.MonitoringFailurePolls,
            SendLeaseMinutes = global.SendLeaseMinutes,
            MaxDigestKilobytes = global.MaxDigestKilobytes,
            RetryBackoffSeconds = global.RetryBackoffSeconds,
            MaxRetryBackoffMinutes = global.MaxRetryBackoffMinutes,
        };
        var health = new HealthThresholds
        {
            ExpiryWarningDays = row.ExpiryWarningDays ?? options.Health.ExpiryWarningDays,
            AdeSyncWarningHours = row.AdeSyncWarningHours ?? options.Health.AdeSyncWarningHours,
            AdeSyncCriticalHours = row.AdeSyncCriticalHours ?? options.Health.AdeSyncCriticalHours,
            VppSyncWarningHours = row.VppSyncWarningHours ?? options.Health.VppSyncWarningHours,
            VppSyncCriticalHours = row.VppSyncCriticalHours ?? options.Health.VppSyncCriticalHours,
            PersonalAppleIdDomains = options.Health.PersonalAppleIdDomains,
        };
        return new TenantPolicy(alerts, health);
    }

    /// <summary>Every per-tenant setting with its effective value and where that value comes from.</summary>
    public static IReadOnlyList<EffectiveSetting> Describe(CatalogTenant row, TokenWatchOptions options) =>
        [.. Thresholds(row, options), .. Delivery(row, options)];

    private static IEnumerable<EffectiveSetting> Thresholds(CatalogTenant row, TokenWatchOptions options) =>
        [
            Pick("Milestones", row.Milestones, options.Alerts.Milestones, "TokenWatch:Alerts:Milestones"),
            Pick(
                "ExpiryWarningDays",
                row.ExpiryWarningDays,
                options.Health.ExpiryWarningDays,
                "TokenWatch:Health:ExpiryWarningDays"
            ),
            Pick(
                "AdeSyncWarningHours",
                row.AdeSyncWarningHours,
                options.Health.AdeSyncWarningHours,
                "TokenWatch:Health:AdeSyncWarningHours"
            ),
            Pick(
                "AdeSyncCriticalHours",
                row.AdeSyncCriticalHours,
                options.Health.AdeSyncCriticalHours,
                "TokenWatch:Health:AdeSyncCriticalHours"
            ),
            Pick(
                "VppSyncWarningHours",
                row.VppSyncWarningHours,
                options.Health.VppSyncWarningHours,
                "TokenWatch:Health:VppSyncWarningHours"
            ),
            Pick(
                "VppSyncCriticalHours",
                row.VppSyncCriticalHours,
                options.Health.VppSyncCriticalHours,
                "TokenWatch:Health:VppSyncCriticalHours"
            ),
        ];

    private static IEnumerable<EffectiveSetting> Delivery(CatalogTenant row, TokenWatchOptions options) =>
        [
            Pick("Recipients", List(row.Recipients), List(options.Email.Recipients), "TokenWatch:Email:Recipients"),
            Pick(
                "CriticalRecipients",
                List(row.CriticalRecipients),
                List(options.Email.CriticalRecipients),
                "TokenWatch:Email:CriticalRecipients"
            ),
            Pick("Auth", row.Auth?.ToString(), options.Graph.Auth.ToString(), "TokenWatch:Graph:Auth"),
            new("ReminderHours", Text(options.Alerts.ReminderHours), "global: TokenWatch:Alerts:ReminderHours"),
            new("RecoveryPolls", Text(options.Alerts.RecoveryPolls), "global: TokenWatch:Alerts:RecoveryPolls"),
        ];

    private static EffectiveSetting Pick<T>(string name, T? own, T global, string key) =>
        own is not null ? new(name, Text(own), "tenant") : new(name, Text(global), $"global: {key}");

    private static string? List(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(";", values);

    private static string Text<T>(T value) =>
        value is null ? "(none)"
        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text ? text
        : "(none)";
}
