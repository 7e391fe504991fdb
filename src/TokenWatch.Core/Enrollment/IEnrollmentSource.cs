using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Reads what Intune knows of enrollment: a token's devices as one complete scan, and the tenant's connector
/// verdicts. A failure is an outcome with its cause, never an exception, and never a partial scan.
/// </summary>
public interface IEnrollmentSource
{
    Task<ScanOutcome<EnrollmentScan>> ScanAsync(
        MonitoredTenant tenant,
        TokenObservation token,
        CancellationToken cancellationToken
    );

    Task<ScanOutcome<IReadOnlyList<ConnectorVerdict>>> ReadConnectorsAsync(
        MonitoredTenant tenant,
        CancellationToken cancellationToken
    );
}
