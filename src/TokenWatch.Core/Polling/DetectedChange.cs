using TokenWatch.Core.Alerts;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>A token a poll saw added or changed (as seen), or gone from its endpoint (no observation).</summary>
public sealed record DetectedChange(TokenChangeKind Kind, string TokenKey, TokenObservation? Observation)
{
    public TokenChange ToTokenChange() => new(TokenKey, Observation);
}
