using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>
/// Everything one poll learned about one tenant: the tokens it could read and the endpoints it could not.
/// </summary>
public sealed record TenantReading(
    string TenantId,
    DateTimeOffset ReadAt,
    IReadOnlyList<TokenObservation> Tokens,
    IReadOnlyList<PollFailure> Failures
)
{
    public bool Succeeded(TokenKind kind) => Failures.All(f => f.Kind != kind);
}
