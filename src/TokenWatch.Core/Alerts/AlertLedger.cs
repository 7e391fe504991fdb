using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// What admins of one tenant were told, and what TokenWatch must remember to tell them the rest correctly: the
/// last observation of every token (to see renewals, new owners and topics, additions and removals), the open
/// conditions with their clean-poll counts, the expiry milestones told, the read failures of each endpoint, the
/// snoozes, and the last poll folded in. A value: <see cref="AlertPolicy"/> returns a new one and the store saves it
/// in place of the one it loaded, or not at all.
/// </summary>
public sealed record AlertLedger
{
    public static readonly AlertLedger Empty = new();

    /// <summary>The newest poll already folded into this ledger; null before the first evaluation.</summary>
    public PollWatermark? Watermark { get; init; }

    /// <summary>
    /// Endpoints read successfully at least once. A token appearing at an endpoint read before is "added"; the
    /// tokens of a first read are the baseline, not news.
    /// </summary>
    public IReadOnlyList<TokenKind> ReadKinds { get; init; } = [];

    /// <summary>Per token key (<c>kind:id</c>), ordinal order.</summary>
    public IReadOnlyDictionary<string, TokenLedger> Tokens { get; init; } =
        new SortedDictionary<string, TokenLedger>(StringComparer.Ordinal);

    public IReadOnlyDictionary<TokenKind, EndpointLedger> Endpoints { get; init; } =
        new SortedDictionary<TokenKind, EndpointLedger>();

    /// <summary>Per token key: events of these tokens are recorded but not sent.</summary>
    public IReadOnlyDictionary<string, Snooze> Snoozes { get; init; } =
        new SortedDictionary<string, Snooze>(StringComparer.Ordinal);

    public AlertLedger WithSnooze(string tokenKey, Snooze? snooze)
    {
        var snoozes = new SortedDictionary<string, Snooze>(Snoozes.ToDictionary(), StringComparer.Ordinal);
        if (snooze is null)
        {
            snoozes.Remove(tokenKey);
        }
        else
        {
            snoozes[tokenKey] = snooze;
        }

        return this with
        {
            Snoozes = snoozes,
        };
    }
}

/// <summary>
/// The newest poll folded in: its start time and the ids of the polls that started at that very instant.
/// </summary>
public sealed record PollWatermark(DateTimeOffset At, IReadOnlyList<string> RunIds);

/// <summary>What the ledger knows of one token.</summary>
public sealed record TokenLedger
{
    /// <summary>The token as of the newest poll folded in.</summary>
    public required TokenObservation Observation { get; init; }

    /// <summary>Open conditions by reason code (<c>sync-error</c>), ordinal order.</summary>
    public IReadOnlyDictionary<string, OpenAlert> Alerts { get; init; } =
        new SortedDictionary<string, OpenAlert>(StringComparer.Ordinal);

    /// <summary>The lowest expiry milestone (days) told for the token's current expiry date; null: none yet.</summary>
    public int? LastMilestone { get; init; }

    /// <summary>A renewal of an ADE or VPP token waiting for its first successful sync; null: none.</summary>
    public PendingRenewal? Renewal { get; init; }
}

/// <summary>
/// A condition of a token that admins were told about (or that a snooze or an inhibition kept quiet), with the
/// polls in a row on which it was gone: recovered is told only when those reach
/// <see cref="AlertSettings.RecoveryPolls"/>.
/// </summary>
public sealed record OpenAlert(
    HealthStatus Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset NotifiedAt,
    int CleanPolls
);

/// <summary>How the reads of one endpoint (ADE, VPP, APNs) of a tenant went lately.</summary>
public sealed record EndpointLedger
{
    public static readonly EndpointLedger Healthy = new();

    /// <summary>Polls in a row on which the endpoint could not be read.</summary>
    public int FailedPolls { get; init; }

    /// <summary>Polls in a row on which it was read (since its last failure).</summary>
    public int ReadPolls { get; init; }

    public PollFailure? LastFailure { get; init; }

    /// <summary>When admins were told monitoring failed; null while they need not be told it is restored.</summary>
    public DateTimeOffset? FailedNotifiedAt { get; init; }
}

/// <summary>
/// A renewal seen at <c>SeenAt</c>, and the token's last successful sync before it (for the record).
/// </summary>
public sealed record PendingRenewal(DateTimeOffset SeenAt, DateTimeOffset? SyncBefore);

/// <summary>Keeps a token's events from being sent until <see cref="Until"/>, or until the token changes.</summary>
public sealed record Snooze(DateTimeOffset Until, string Reason, DateTimeOffset SetAt);
