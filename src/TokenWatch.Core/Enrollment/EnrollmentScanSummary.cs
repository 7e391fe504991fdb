namespace TokenWatch.Core.Enrollment;

/// <summary>What one run of the enrollment scan did, across tenants.</summary>
public sealed record EnrollmentScanSummary(
    int Tenants,
    int TokensScanned,
    int TokensFailed,
    int TenantsFailed,
    int TenantsNotReached,
    long Devices
);
