namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Intune's connector verdicts of one tenant as last read (one request per tenant and scan), and the last failure
/// to read them. <see cref="IsUnknown"/> while the newest read failed or none succeeded.
/// </summary>
public sealed record TenantConnectors(
    string TenantId,
    DateTimeOffset? ReadAt,
    IReadOnlyList<ConnectorVerdict> Verdicts,
    ScanFailure? Failure
)
{
    public bool IsUnknown => ReadAt is null || (Failure is { } f && f.At >= ReadAt);
}
