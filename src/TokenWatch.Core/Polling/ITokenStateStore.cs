namespace TokenWatch.Core.Polling;

/// <summary>The stored state of every token, and a record of every poll.</summary>
public interface ITokenStateStore
{
    /// <summary>What the tenant's next poll is compared with (<see cref="PollRecord.Of"/>).</summary>
    Task<PollBaseline> LoadBaselineAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a poll as <see cref="PollRecord.Of"/> made it: its tokens replace the stored tokens of the endpoints
    /// that were read, its changes join the token history; an endpoint that failed keeps its stored tokens as they
    /// were (the last good state, not "healthy").
    /// </summary>
    Task SaveAsync(PollRecord record, CancellationToken cancellationToken);

    Task<StoredTenantState> LoadAsync(string tenantId, CancellationToken cancellationToken);
}
