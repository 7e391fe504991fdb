using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>What every failure of one read carries: its kind, the tenant and Graph's request ids.</summary>
internal sealed record FailedRead(TokenKind Kind, string TenantId, string? RequestId, string? ClientRequestId)
{
    /// <summary>The failure with its fix as a code: the one wording module words it where it is shown.</summary>
    public PollFailure Fail(string code, string message, FailureFix fix) =>
        new(Kind, code, message, fix, RequestId, ClientRequestId);
}
