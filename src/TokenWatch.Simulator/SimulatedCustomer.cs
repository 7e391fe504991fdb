namespace TokenWatch.Simulator;

/// <summary>A GDAP customer of a simulated partner tenant.</summary>
public sealed record SimulatedCustomer(string TenantId, string DisplayName);
