using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// The enrollment scan (<c>TokenWatch:Enrollment</c>); its schedule is the <c>EnrollmentScanSchedule</c> setting
/// (deployed as every 6 hours), apart from the hourly poll and its per-tenant timeout.
/// </summary>
public sealed class EnrollmentSettings
{
    /// <summary>
    /// A device synced from Apple more than this many hours ago, never contacted and without a profile is
    /// "unassigned": 24 covers two of Intune's 12-hourly delta syncs [DOC: "Set up ADE"].
    /// </summary>
    [Range(1, 24 * 90)]
    public int UnassignedHours { get; set; } = 24;

    /// <summary>How long one tenant's scan (its connector read and every token's pages) may take.</summary>
    [Range(10, 3600)]
    public int TenantTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Most pages read of one token's devices: at Graph's usual page size far beyond any Apple Business account;
    /// more means a nextLink loop, and the scan fails rather than running on.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 2_000;

    /// <summary>Tenants scanned at once.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 4;

    public TimeSpan TenantTimeout => TimeSpan.FromSeconds(TenantTimeoutSeconds);

    public TimeSpan UnassignedAfter => TimeSpan.FromHours(UnassignedHours);
}
