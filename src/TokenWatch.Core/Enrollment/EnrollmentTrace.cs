using Microsoft.Extensions.Logging;

namespace TokenWatch.Core.Enrollment;

/// <summary>
/// What the enrollment scan logs, each event named and numbered once (docs/operations.md lists them).
/// </summary>
internal static partial class EnrollmentTrace
{
    [LoggerMessage(
        EventId = 8101,
        EventName = "EnrollmentScanCompleted",
        Level = LogLevel.Information,
        Message = "Enrollment scan completed: {TenantCount} tenants, {TokenCount} ADE tokens scanned, "
            + "{FailedTokenCount} failed, {DeviceCount} devices, {DurationSeconds:F1} s"
    )]
    public static partial void Completed(
        ILogger logger,
        int tenantCount,
        int tokenCount,
        int failedTokenCount,
        long deviceCount,
        double durationSeconds
    );

    [LoggerMessage(
        EventId = 8102,
        EventName = "EnrollmentScanFailed",
        Level = LogLevel.Warning,
        Message = "Enrollment scan of ADE token {TokenId} of tenant {TenantId} failed ({Cause}): {Reason}"
    )]
    public static partial void TokenFailed(
        ILogger logger,
        string tenantId,
        string tokenId,
        string cause,
        string reason
    );

    [LoggerMessage(
        EventId = 8103,
        EventName = "ConnectorStatusFailed",
        Level = LogLevel.Warning,
        Message = "Reading Intune's connector status of tenant {TenantId} failed ({Cause}): {Reason}"
    )]
    public static partial void ConnectorsFailed(ILogger logger, string tenantId, string cause, string reason);

    [LoggerMessage(
        EventId = 8104,
        EventName = "EnrollmentTenantFailed",
        Level = LogLevel.Error,
        Message = "The enrollment scan of tenant {TenantId} could not be stored or started: {Reason}"
    )]
    public static partial void TenantFailed(ILogger logger, Exception exception, string tenantId, string reason);

    [LoggerMessage(
        EventId = 8105,
        EventName = "EnrollmentTenantsNotReached",
        Level = LogLevel.Warning,
        Message = "The enrollment scan ran out of time: {TenantCount} tenants were not scanned and keep their last scan"
    )]
    public static partial void NotReached(ILogger logger, int tenantCount);

    [LoggerMessage(
        EventId = 8106,
        EventName = "EnrollmentTokenScanned",
        Level = LogLevel.Information,
        Message = "Enrollment scan of ADE token {TokenId} of tenant {TenantId}: {DeviceCount} devices, "
            + "{FailedDeviceCount} failed, {BlockedDeviceCount} blocked, {UnassignedDeviceCount} unassigned, "
            + "{WithoutProfileCount} without a profile"
    )]
    public static partial void TokenScanned(
        ILogger logger,
        string tenantId,
        string tokenId,
        int deviceCount,
        int failedDeviceCount,
        int blockedDeviceCount,
        int unassignedDeviceCount,
        int withoutProfileCount
    );
}
