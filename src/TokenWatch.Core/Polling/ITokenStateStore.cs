using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>The stored state of every token, and a record of every poll.</summary>
public interface ITokenStateStore
{
    /// <summary>
    /// Records a poll: the tokens of every endpoint that was read replace that endpoint's stored tokens; the
    /// stored tokens of an endpoint that failed are kept as they were (the last good state, not "healthy").
    /// </summary>
    Task SaveAsync(TenantReading reading, CancellationToken cancellationToken);

    Task<StoredTenantState> LoadAsync(string tenantId, CancellationToken cancellationToken);
}

/// <summary>What the store knows about a tenant: its tokens and how its latest poll went.</summary>
public sealed record StoredTenantState(string TenantId, IReadOnlyList<StoredToken> Tokens, PollRunRecord? LastPoll);

/// <summary>A stored observation with the time it was last confirmed by a successful read.</summary>
public sealed record StoredToken(TokenObservation Observation, DateTimeOffset ObservedAt);

/// <summary>One poll of one tenant.</summary>
public sealed record PollRunRecord(
    string TenantId,
    DateTimeOffset StartedAt,
    int TokenCount,
    IReadOnlyList<PollFailure> Failures
)
{
    public bool Succeeded => Failures.Count == 0;
}
