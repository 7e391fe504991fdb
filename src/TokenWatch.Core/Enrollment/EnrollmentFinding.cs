namespace TokenWatch.Core.Enrollment;

/// <summary>
/// What an enrollment condition found, kept with its reason so a digest tells it as it was seen: the devices
/// concerned, up to <see cref="EnrollmentSamples.Max"/> serial numbers, the platforms without a default profile, or
/// Intune's own connector verdict, and the scan (or connector read) it comes from.
/// </summary>
public sealed record EnrollmentFinding
{
    /// <summary>When the scan (or the connector read) ran.</summary>
    public required DateTimeOffset SeenAt { get; init; }

    public int Devices { get; init; }

    public IReadOnlyList<string> Serials { get; init; } = [];

    /// <summary>For <c>no-default-profile</c>: the platforms present without a default profile.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>For <c>intune-reports-unhealthy</c>: Intune's connector name, verbatim.</summary>
    public string? Connector { get; init; }

    /// <summary>For <c>intune-reports-unhealthy</c>: Intune's status, verbatim (<c>unhealthy</c>).</summary>
    public string? IntuneStatus { get; init; }

    /// <summary>For <c>intune-reports-unhealthy</c>: when Intune's verdict was given.</summary>
    public DateTimeOffset? IntuneEventAt { get; init; }
}
