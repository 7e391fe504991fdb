using Microsoft.Azure.Functions.Worker;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Functions;

/// <summary>
/// Scans every ADE token's devices and Intune's connector status (default: every 6 hours), on its own time budget,
/// apart from the hourly poll.
/// </summary>
public sealed class ScanEnrollment(EnrollmentScanService scan)
{
    [Function(nameof(ScanEnrollment))]
    public async Task RunAsync(
        [TimerTrigger("%EnrollmentScanSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => await scan.RunAsync(cancellationToken);
}
