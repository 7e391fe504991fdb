namespace TokenWatch.Core.Polling;

/// <summary>The token history for people: what the polls saw change, and the polls that failed to read.</summary>
public interface ITokenHistory
{
    /// <summary>
    /// What the polls saw change since <paramref name="from"/>, oldest first; only the token
    /// <paramref name="tokenKey"/> (<c>kind:id</c>) when one is given.
    /// </summary>
    Task<IReadOnlyList<ObservedChange>> ReadChangesAsync(
        string tenantId,
        DateTimeOffset from,
        string? tokenKey,
        CancellationToken cancellationToken
    );

    /// <summary>The polls since <paramref name="from"/> that could not read an endpoint, oldest first.</summary>
    Task<IReadOnlyList<PollRunRecord>> ReadFailedPollsAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    );
}
