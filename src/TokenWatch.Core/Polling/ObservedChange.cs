using TokenWatch.Core.Alerts;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>One row of the token history: a poll saw a token added, changed or removed (then unobserved).</summary>
public sealed record ObservedChange(
    string RunId,
    DateTimeOffset At,
    string TokenKey,
    string Change,
    TokenObservation? Observation
)
{
    public TokenChange ToTokenChange() => new(TokenKey, Observation);
}
