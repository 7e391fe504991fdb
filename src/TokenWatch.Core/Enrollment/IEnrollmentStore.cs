namespace TokenWatch.Core.Enrollment;

/// <summary>
/// The last complete enrollment scan per ADE token, the last failure beside it, and the tenant's connector verdicts.
/// Saving a failure never touches the complete scan it stands beside.
/// </summary>
public interface IEnrollmentStore
{
    /// <summary>Replaces the token's complete scan, and clears its failure: the newest attempt succeeded.</summary>
    Task SaveScanAsync(EnrollmentScan scan, CancellationToken cancellationToken);

    /// <summary>Records that the newest attempt failed; the last complete scan stays as it was.</summary>
    Task SaveScanFailureAsync(
        string tenantId,
        string tokenId,
        ScanFailure failure,
        CancellationToken cancellationToken
    );

    Task SaveConnectorsAsync(
        string tenantId,
        DateTimeOffset readAt,
        IReadOnlyList<ConnectorVerdict> verdicts,
        CancellationToken cancellationToken
    );

    Task SaveConnectorFailureAsync(string tenantId, ScanFailure failure, CancellationToken cancellationToken);

    Task<TenantEnrollment> LoadAsync(string tenantId, CancellationToken cancellationToken);
}
