namespace TokenWatch.Core.Actions;

/// <summary>
/// What a signed action link grants: one action (<see cref="Kind"/>) on one condition of one token of one tenant, as
/// told by one digest (or on one incident across tenants, as told by its summary), until <see cref="ExpiresAt"/>.
/// <see cref="KeyId"/> names the key that signed it, so keys rotate.
/// </summary>
public sealed record ActionClaim(
    string TenantId,
    string TokenKey,
    string Condition,
    string DigestId,
    AlertActionKind Kind,
    DateTimeOffset ExpiresAt,
    string KeyId
)
{
    /// <summary>
    /// The incident an <see cref="AlertActionKind.AcknowledgeIncident"/> claim is for (its tenant and token are
    /// empty); null for every other claim.
    /// </summary>
    public string? IncidentId { get; init; }
}
