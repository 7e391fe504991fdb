namespace TokenWatch.Core.Enrollment;

/// <summary>
/// What is stored of one ADE token's enrollment scans: the last complete scan and the last failed one. The token's
/// enrollment verdict is <c>unknown</c> (<see cref="IsUnknown"/>) while the newest attempt failed or none completed;
/// the complete scan is still shown, with its age, but never mixed with a partial one.
/// </summary>
public sealed record TokenEnrollment(
    string TenantId,
    string TokenId,
    EnrollmentScan? LastComplete,
    ScanFailure? Failure
)
{
    /// <summary>True when the newest scan attempt failed, or no scan ever completed.</summary>
    public bool IsUnknown => LastComplete is null || (Failure is { } f && f.At >= LastComplete.ScannedAt);
}
