using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>
/// What a poll compares its reading with: the tenant's tokens as stored, and when its newest poll ran.
/// </summary>
/// <param name="NewestPollAt">The start of the tenant's newest recorded poll; null before its first.</param>
public sealed record PollBaseline(IReadOnlyList<TokenObservation> Tokens, DateTimeOffset? NewestPollAt)
{
    public static readonly PollBaseline None = new([], null);
}
