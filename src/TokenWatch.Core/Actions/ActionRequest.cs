namespace TokenWatch.Core.Actions;

/// <summary>Who asks for an action on which token of which tenant, why, and through which link (if any).</summary>
public sealed record ActionRequest(
    string TenantId,
    string TokenKey,
    string Reason,
    string By,
    string? DigestId = null,
    string? LinkId = null
);
