namespace TokenWatch.Simulator;

/// <summary>One device an ADE token synced from Apple, as <c>importedAppleDeviceIdentities</c> serves it.</summary>
public sealed record SimulatedDevice(
    string SerialNumber,
    string Platform,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset? LastContactedDateTime,
    string? RequestedEnrollmentProfileId,
    string EnrollmentState,
    bool IsDeleted = false
);
