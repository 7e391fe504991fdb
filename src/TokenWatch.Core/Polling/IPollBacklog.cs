namespace TokenWatch.Core.Polling;

/// <summary>The tenants a poll ran out of time for: the next poll reads them first.</summary>
public interface IPollBacklog
{
    /// <summary>Tenant ids left unread by the last poll, in the order they should be read.</summary>
    Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the backlog (an empty list clears it).</summary>
    Task SaveAsync(IReadOnlyList<string> tenantIds, CancellationToken cancellationToken);
}
