using TokenWatch.Core.Health;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// A condition of a token that admins were told about (or that a snooze or an inhibition kept quiet), with the
/// polls in a row on which it was gone: recovered is told only when those reach
/// <see cref="AlertSettings.RecoveryPolls"/>.
/// </summary>
public sealed record OpenAlert(
    HealthStatus Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset NotifiedAt,
    int CleanPolls
)
{
    /// <summary>
    /// For a condition about devices: how many it was about when last told or judged, so a growing number is told
    /// again (<see cref="DeviceGrowth"/>); null for other conditions.
    /// </summary>
    public int? Devices { get; init; }
}
