namespace TokenWatch.Core.Enrollment;

/// <summary>
/// One device row of <c>importedAppleDeviceIdentities</c> (Graph beta), the fields the scan judges; dates Graph wrote
/// as <c>0001-01-01T00:00:00Z</c> are null. Lives for one page only: the scan keeps aggregates, never rows.
/// </summary>
public sealed record ImportedDevice(
    string? SerialNumber,
    string? Platform,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastContactedAt,
    string? RequestedProfileId,
    string? EnrollmentState,
    bool IsDeleted
)
{
    /// <summary>
    /// No enrollment profile is assigned: a synced device without one fails to enroll [DOC: "Set up ADE"].
    /// </summary>
    public bool WithoutProfile => string.IsNullOrWhiteSpace(RequestedProfileId);
}
