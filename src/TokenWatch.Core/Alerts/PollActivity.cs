using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>The polls an evaluation has not folded in yet, read back from where the poll stored them.</summary>
public interface IPollHistory
{
    /// <summary>
    /// The polls after <paramref name="since"/>, oldest first, each with the token changes it saw. With no watermark
    /// (a tenant's first evaluation) the newest poll alone, carrying every stored token: the baseline.
    /// </summary>
    Task<PollActivity> LoadSinceAsync(string tenantId, PollWatermark? since, CancellationToken cancellationToken);
}

/// <summary>
/// Polls since the last evaluation. When more polls piled up than an evaluation reads, the oldest are given only
/// as their token changes (<see cref="EarlierChanges"/>) and <see cref="MissedPolls"/> is set: the policy cannot
/// count them as clean, so it counts from zero again.
/// </summary>
public sealed record PollActivity(
    IReadOnlyList<PollSnapshot> Polls,
    IReadOnlyList<TokenChange> EarlierChanges,
    bool MissedPolls
)
{
    public static readonly PollActivity None = new([], [], false);

    public static PollActivity Of(params PollSnapshot[] polls) => new(polls, [], false);
}

/// <summary>One poll of one tenant: when, which endpoints failed, and what changed among the tokens it read.</summary>
public sealed record PollSnapshot(
    string RunId,
    DateTimeOffset At,
    IReadOnlyList<PollFailure> Failures,
    IReadOnlyList<TokenChange> Changes
)
{
    public bool Read(TokenKind kind) => Failures.All(f => f.Kind != kind);
}

/// <summary>
/// A token as a poll first saw it in this form; <see cref="Observation"/> null: it is gone from its endpoint.
/// </summary>
public sealed record TokenChange(string TokenKey, TokenObservation? Observation);
