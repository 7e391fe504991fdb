namespace TokenWatch.Simulator;

/// <summary>The Graph endpoints the simulator serves, for addressing faults.</summary>
public enum SimulatedEndpoint
{
    Ade,
    Vpp,
    Apns,
    DelegatedAdminCustomers,

    /// <summary>An ADE token's <c>importedAppleDeviceIdentities</c> (beta).</summary>
    AdeDevices,

    /// <summary>
    /// An ADE token's <c>defaultIosEnrollmentProfile</c> or <c>defaultMacOsEnrollmentProfile</c> (beta).
    /// </summary>
    AdeDefaultProfile,

    /// <summary>The beta <c>deviceManagement</c> singleton, for <c>connectorStatus</c>.</summary>
    DeviceManagement,
}
