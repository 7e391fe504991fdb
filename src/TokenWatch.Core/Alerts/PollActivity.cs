namespace TokenWatch.Core.Alerts;

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
