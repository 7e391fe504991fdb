namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Up to <see cref="Max"/> serial numbers per problem, so an admin can find the devices in the portal.
/// </summary>
public sealed record EnrollmentSamples
{
    public const int Max = 10;

    public static readonly EnrollmentSamples None = new();

    /// <summary>Synced long ago, never contacted, no profile (<see cref="EnrollmentScan.Unassigned"/>).</summary>
    public IReadOnlyList<string> Unassigned { get; init; } = [];

    public IReadOnlyList<string> Failed { get; init; } = [];

    public IReadOnlyList<string> Blocked { get; init; } = [];

    /// <summary>Devices without a profile on a platform that has no default profile.</summary>
    public IReadOnlyList<string> NoDefaultProfile { get; init; } = [];
}
