namespace TokenWatch.Core.Incidents;

/// <summary>One tenant of an incident: since when its condition holds, and when it recovered (null:
/// affected).</summary>
/// <param name="TokenKeys">The tenant's tokens with the condition (<c>kind:id</c>), as last seen.</param>
public sealed record IncidentTenant(
    string TenantId,
    string Name,
    DateTimeOffset Since,
    DateTimeOffset? RecoveredAt,
    IReadOnlyList<string> TokenKeys
)
{
    public bool Affected => RecoveredAt is null;
}
