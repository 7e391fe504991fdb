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
