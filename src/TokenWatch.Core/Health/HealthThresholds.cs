using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Health;

/// <summary>
/// When a token turns warning or critical. The defaults warn earlier than the Intune portal's own connector
/// status (7 days / 1 day / 3 days), because an email has to reach someone who then has to act.
/// </summary>
public sealed class HealthThresholds
{
    /// <summary>A token expiring within this many days is a warning.</summary>
    [Range(1, 365)]
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>Last successful sync older than this is a warning (Intune syncs ADE every 12 h, VPP twice a day).</summary>
    [Range(1, 24 * 30)]
    public int SyncWarningHours { get; set; } = 24;

    /// <summary>Last successful ADE sync this old or older is critical.</summary>
    [Range(1, 24 * 60)]
    public int SyncCriticalHours { get; set; } = 72;
}
