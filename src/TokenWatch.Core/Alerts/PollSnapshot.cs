using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

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
