namespace TokenWatch.Core.Actions;

/// <summary>The audit of actions on a tenant's alerts, stored with the tenant.</summary>
public interface IAlertAudit
{
    /// <summary>
    /// Records <paramref name="entry"/>; false, and nothing written, when its link was already used (a replay).
    /// </summary>
    Task<bool> TryAppendAsync(string tenantId, AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Whether the link <paramref name="linkId"/> already acted.</summary>
    Task<bool> WasUsedAsync(string tenantId, string linkId, CancellationToken cancellationToken);

    /// <summary>The tenant's entries since <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(
        string tenantId,
        DateTimeOffset since,
        CancellationToken cancellationToken
    );
}
