namespace TokenWatch.Simulator;

/// <summary>The Graph endpoints the simulator serves, for addressing faults.</summary>
public enum SimulatedEndpoint
{
    Ade,
    Vpp,
    Apns,
    DelegatedAdminCustomers,
}
