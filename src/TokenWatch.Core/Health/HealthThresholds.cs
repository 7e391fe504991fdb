using System.ComponentModel.DataAnnotations;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Health;

/// <summary>
/// When a token turns warning or critical (<c>TokenWatch:Health:*</c>). Expiry warns earlier than the Intune portal's
/// own connector status (7 days), because an email has to reach someone who then has to act. Staleness is per kind,
/// because Intune syncs the two kinds at different rates: ADE tokens every 12 hours, VPP tokens once a day; both
/// warn only after at least one whole missed sync (so a healthy tenant never flaps) and turn critical where Intune's
/// connector status says unhealthy (3 days).
/// </summary>
public sealed class HealthThresholds
{
    public const string DefaultPersonalAppleIdDomains =
        "icloud.com,me.com,mac.com,gmail.com,googlemail.com,outlook.com,hotmail.com,live.com,msn.com,yahoo.com,"
        + "aol.com,proton.me,protonmail.com,gmx.com,gmx.de,web.de";

    // The bounds of each threshold, named once: the range attributes below and a catalog tenant's own value use them.
    public const int MinExpiryWarningDays = 1;
    public const int MaxExpiryWarningDays = 365;
    public const int MinAdeSyncWarningHours = 13;
    public const int MaxAdeSyncWarningHours = 24 * 30;
    public const int MinAdeSyncCriticalHours = 14;
    public const int MaxAdeSyncCriticalHours = 24 * 60;
    public const int MinVppSyncWarningHours = 25;
    public const int MaxVppSyncWarningHours = 24 * 30;
    public const int MinVppSyncCriticalHours = 26;
    public const int MaxVppSyncCriticalHours = 24 * 60;

    /// <summary>A token expiring within this many days is a warning.</summary>
    [Range(MinExpiryWarningDays, MaxExpiryWarningDays)]
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>ADE: last successful sync older than this is a warning (Intune's delta sync runs every 12 h).</summary>
    [Range(MinAdeSyncWarningHours, MaxAdeSyncWarningHours)]
    public int AdeSyncWarningHours { get; set; } = 24;

    /// <summary>ADE: last successful sync this old or older is critical (Intune: unhealthy at 3 days).</summary>
    [Range(MinAdeSyncCriticalHours, MaxAdeSyncCriticalHours)]
    public int AdeSyncCriticalHours { get; set; } = 72;

    /// <summary>VPP: last successful sync older than this is a warning (Intune syncs location tokens daily).</summary>
    [Range(MinVppSyncWarningHours, MaxVppSyncWarningHours)]
    public int VppSyncWarningHours { get; set; } = 48;

    /// <summary>VPP: last successful sync this old or older is critical (Intune: unhealthy at 3 days).</summary>
    [Range(MinVppSyncCriticalHours, MaxVppSyncCriticalHours)]
    public int VppSyncCriticalHours { get; set; } = 72;

    /// <summary>
    /// Mail domains of personal Apple IDs, comma-separated: a token owned by one is a risk (Microsoft advises a company
    /// address that more than one person monitors). A string, because the binder appends a list to its default.
    /// </summary>
    public string PersonalAppleIdDomains { get; set; } = DefaultPersonalAppleIdDomains;

    /// <summary>When a token of <paramref name="kind"/> turns stale; null for a kind Intune does not sync.</summary>
    public SyncWindow? SyncOf(TokenKind kind) => kind.Describe().Sync?.Invoke(this);

    /// <summary>True when <paramref name="appleId"/> is at one of <see cref="PersonalAppleIdDomains"/>.</summary>
    public bool IsPersonal(string? appleId)
    {
        var at = appleId?.Trim().LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }

        var domain = appleId!.Trim()[(at + 1)..];
        return PersonalAppleIdDomains
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Problems of the combination, one line each (the ranges are checked from their attributes).</summary>
    public IEnumerable<string> Problems()
    {
        if (AdeSyncWarningHours >= AdeSyncCriticalHours)
        {
            yield return $"AdeSyncWarningHours ({AdeSyncWarningHours}) must be below "
                + $"AdeSyncCriticalHours ({AdeSyncCriticalHours}).";
        }

        if (VppSyncWarningHours >= VppSyncCriticalHours)
        {
            yield return $"VppSyncWarningHours ({VppSyncWarningHours}) must be below "
                + $"VppSyncCriticalHours ({VppSyncCriticalHours}).";
        }
    }
}
