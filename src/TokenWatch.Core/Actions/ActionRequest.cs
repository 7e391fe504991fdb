namespace TokenWatch.Core.Actions;

/// <summary>Who asks for an action on which token of which tenant, why, and through which link (if any).</summary>
public sealed record ActionRequest(
    string TenantId,
    string TokenKey,
    string Reason,
    string By,
    string? DigestId = null,
    string? LinkId = null
)
{
    /// <summary>The incident across tenants whose link acted, so each tenant's audit says so; null otherwise.</summary>
    public string? IncidentId { get; init; }

    /// <summary>When the link used expires: its record of use may go then (<c>Core/Retention</c>).</summary>
    public DateTimeOffset? LinkExpiresAt { get; init; }
}
