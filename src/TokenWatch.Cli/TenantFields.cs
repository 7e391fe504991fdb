using System.CommandLine;
using System.Globalization;
using TokenWatch.Infrastructure.Catalog;

namespace TokenWatch.Cli;

/// <summary>
/// The per-tenant options of <c>tenants add</c> and <c>tenants set</c>. A value of <c>inherit</c> (or empty) clears
/// the tenant's own value, so the global setting applies again; an option not given leaves the value as it is.
/// </summary>
internal sealed class TenantFields
{
    private const string Inherit = "inherit";

    public Option<string?> Name { get; } =
        new("--name") { Description = "The name admins know the tenant by (email subjects)." };
    public Option<string?> Recipients { get; } =
        new("--recipients")
        {
            Description = "Who is told, separated by ';' or ','; 'inherit': TokenWatch:Email:Recipients.",
        };
    public Option<string?> CriticalRecipients { get; } =
        new("--critical-recipients")
        {
            Description = "Also told of critical events (on-call); 'inherit': the global list.",
        };
    public Option<string?> Auth { get; } =
        new("--auth")
        {
            Description = $"How to sign in: {string.Join(", ", AuthNames.Slugs)}; 'inherit': TokenWatch:Graph:Auth.",
        };
    public Option<string?> ClientId { get; } = new("--client-id") { Description = "The multi-tenant app's client id." };
    public Option<string?> SecretName { get; } =
        new("--secret-name")
        {
            Description = "Name of the Key Vault secret with the client secret or PFX (never the secret itself).",
        };
    public Option<string?> Cloud { get; } =
        new("--cloud")
        {
            Description =
                $"The tenant's cloud: {string.Join(", ", CloudNames.Names)}; 'inherit': TokenWatch:Graph:Cloud.",
        };
    public Option<string?> Milestones { get; } =
        new("--milestones")
        {
            Description = "Days before expiry at which admins are told, e.g. 90,60,30,7; 'inherit': global.",
        };
    public Option<string?> ExpiryWarningDays { get; } =
        new("--expiry-warning-days")
        {
            Description = "A token expiring within this many days is a warning; 'inherit': global.",
        };
    public Option<string?> AdeSyncWarningHours { get; } =
        new("--ade-sync-warning-hours")
        {
            Description = "Last ADE sync older than this is a warning; 'inherit': global.",
        };
    public Option<string?> AdeSyncCriticalHours { get; } =
        new("--ade-sync-critical-hours") { Description = "Last ADE sync this old is critical; 'inherit': global." };
    public Option<string?> VppSyncWarningHours { get; } =
        new("--vpp-sync-warning-hours")
        {
            Description = "Last VPP sync older than this is a warning; 'inherit': global.",
        };
    public Option<string?> VppSyncCriticalHours { get; } =
        new("--vpp-sync-critical-hours") { Description = "Last VPP sync this old is critical; 'inherit': global." };

    public IEnumerable<Option> All =>
        [
            Name,
            Recipients,
            CriticalRecipients,
            Auth,
            ClientId,
            SecretName,
            Cloud,
            Milestones,
            ExpiryWarningDays,
            AdeSyncWarningHours,
            AdeSyncCriticalHours,
            VppSyncWarningHours,
            VppSyncCriticalHours,
        ];

    /// <summary>
    /// The row with every given option applied; problems of the values' form (not of their sense) one line each.
    /// </summary>
    public CatalogTenant Apply(CatalogTenant row, ParseResult result, List<string> problems)
    {
        row = row with
        {
            DisplayName = Text(result, Name, row.DisplayName),
            Recipients = List(result, Recipients, row.Recipients),
            CriticalRecipients = List(result, CriticalRecipients, row.CriticalRecipients),
            ClientId = Text(result, ClientId, row.ClientId),
            SecretName = Text(result, SecretName, row.SecretName),
            Milestones = Text(result, Milestones, row.Milestones),
            ExpiryWarningDays = Number(result, ExpiryWarningDays, row.ExpiryWarningDays, problems),
            AdeSyncWarningHours = Number(result, AdeSyncWarningHours, row.AdeSyncWarningHours, problems),
            AdeSyncCriticalHours = Number(result, AdeSyncCriticalHours, row.AdeSyncCriticalHours, problems),
            VppSyncWarningHours = Number(result, VppSyncWarningHours, row.VppSyncWarningHours, problems),
            VppSyncCriticalHours = Number(result, VppSyncCriticalHours, row.VppSyncCriticalHours, problems),
        };
        if (Given(result, Auth) is { } auth)
        {
            if (Cleared(auth))
            {
                row = row with { Auth = null };
            }
            else if (AuthNames.TryParse(auth, out var parsed))
            {
                row = row with { Auth = parsed };
            }
            else
            {
                problems.Add($"--auth '{auth}' is not one of {string.Join(", ", AuthNames.Slugs)}.");
            }
        }

        return ApplyCloud(row, result, problems);
    }

    private CatalogTenant ApplyCloud(CatalogTenant row, ParseResult result, List<string> problems)
    {
        if (Given(result, Cloud) is not { } cloud)
        {
            return row;
        }

        if (Cleared(cloud) || CloudNames.TryParse(cloud, out _))
        {
            return row with
            {
                Cloud =
                    Cleared(cloud) ? null
                    : CloudNames.TryParse(cloud, out var c) ? c
                    : null,
            };
        }

        problems.Add($"--cloud '{cloud}' is not one of {string.Join(", ", CloudNames.Names)}.");
        return row;
    }

    private static string? Given(ParseResult result, Option<string?> option) =>
        result.GetResult(option) is null ? null : result.GetValue(option) ?? "";

    private static bool Cleared(string value) =>
        value.Trim().Length == 0 || string.Equals(value.Trim(), Inherit, StringComparison.OrdinalIgnoreCase);

    private static string? Text(ParseResult result, Option<string?> option, string? current) =>
        Given(result, option) is not { } value ? current
        : Cleared(value) ? null
        : value.Trim();

    private static IReadOnlyList<string> List(
        ParseResult result,
        Option<string?> option,
        IReadOnlyList<string> current
    ) =>
        Given(result, option) is not { } value ? current
        : Cleared(value) ? []
        : value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? Number(ParseResult result, Option<string?> option, int? current, List<string> problems)
    {
        if (Given(result, option) is not { } value)
        {
            return current;
        }

        if (Cleared(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add($"{option.Name} '{value}' is not a whole number (or 'inherit').");
        return current;
    }
}
