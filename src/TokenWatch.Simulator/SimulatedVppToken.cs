namespace TokenWatch.Simulator;

/// <summary>
/// A VPP (Apps and Books) location token as the simulated tenant serves it: from Graph beta with every field, from
/// v1.0 without the beta-only ones (<see cref="DisplayName"/>, <see cref="LocationName"/>,
/// <see cref="TokenActionResults"/>, the state <c>duplicateLocationId</c>).
/// </summary>
public sealed class SimulatedVppToken : SimulatedItem
{
    public required string Id { get; init; }
    public string? OrganizationName { get; set; }

    /// <summary>The admin-typed token name (beta only).</summary>
    public string? DisplayName { get; set; }

    /// <summary>The Apple Business or School Manager location the token belongs to (beta only).</summary>
    public string? LocationName { get; set; }

    /// <summary>What Intune did with the token and how it went (beta only).</summary>
    public List<SimulatedVppAction> TokenActionResults { get; } = [];
    public string? AppleId { get; set; }
    public string VppTokenAccountType { get; set; } = "business";
    public DateTimeOffset? ExpirationDateTime { get; set; }
    public bool Syncing { get; set; } = true;
    public DateTimeOffset? LastSyncDateTime { get; set; }
    public string State { get; set; } = "valid";
    public string LastSyncStatus { get; set; } = "completed";
}
