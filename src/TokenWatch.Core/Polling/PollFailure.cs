using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>One endpoint of one tenant that could not be read. Never means "healthy".</summary>
public sealed record PollFailure(
    TokenKind Kind,
    string Code,
    string Message,
    string Fix,
    string? RequestId = null,
    string? ClientRequestId = null
);
