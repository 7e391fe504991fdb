namespace TokenWatch.Core.Enrollment;

/// <summary>
/// What one complete enrollment scan of one ADE token saw: aggregates of its devices (Graph beta
/// <c>importedAppleDeviceIdentities</c>), never the device rows. A scan is complete or it is not kept: a page that
/// failed makes a <see cref="ScanFailure"/> instead, and the previous complete scan stays as it was.
/// </summary>
public sealed record EnrollmentScan
{
    public required string TenantId { get; init; }

    /// <summary>The ADE token's id (<c>depOnboardingSetting</c>).</summary>
    public required string TokenId { get; init; }

    public required DateTimeOffset ScannedAt { get; init; }

    /// <summary>Device rows read, those deleted in Apple's portal (<c>isDeleted</c>) included.</summary>
    public int Devices { get; init; }

    /// <summary>Rows with <c>isDeleted</c>: gone from Apple's portal, judged by no other count.</summary>
    public int Deleted { get; init; }

    /// <summary>
    /// Devices (not deleted) per <see cref="EnrollmentStates"/> value; every state is present, 0 or more.
    /// </summary>
    public IReadOnlyDictionary<string, int> States { get; init; } = new Dictionary<string, int>();

    /// <summary>The platforms present, each with whether the token has a default profile for it.</summary>
    public IReadOnlyList<PlatformProfile> Platforms { get; init; } = [];

    /// <summary>Devices (not deleted) without an enrollment profile.</summary>
    public int WithoutProfile { get; init; }

    /// <summary>
    /// When the longest-waiting device without a profile was synced (<c>createdDateTime</c>); null: none.
    /// </summary>
    public DateTimeOffset? OldestWithoutProfileSince { get; init; }

    /// <summary>
    /// Devices synced more than <see cref="EnrollmentSettings.UnassignedHours"/> ago, never contacted, with no
    /// profile.
    /// </summary>
    public int Unassigned { get; init; }

    /// <summary>Devices without a profile on a platform whose default profile is known to be missing.</summary>
    public int NoDefaultProfileDevices { get; init; }

    public EnrollmentSamples Samples { get; init; } = EnrollmentSamples.None;

    /// <summary>
    /// Rows or answers that could not be understood (a bad date, a missing serial), counted, one line each.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public int Count(string state) => States.TryGetValue(state, out var n) ? n : 0;

    /// <summary>The platforms present that have no default profile (known to be missing).</summary>
    public IReadOnlyList<string> PlatformsWithoutDefault =>
        Platforms.Where(p => p.HasDefaultProfile == false).Select(p => p.Platform).ToList();

    /// <summary>How long the oldest device without a profile has waited, at <paramref name="now"/>.</summary>
    public TimeSpan? OldestWithoutProfileAge(DateTimeOffset now) => now - OldestWithoutProfileSince;
}
