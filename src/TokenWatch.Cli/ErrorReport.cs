using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

internal sealed record ErrorReport(
    string Kind,
    string Code,
    string Message,
    string Fix,
    string? RequestId,
    string? ClientRequestId
)
{
    public static ErrorReport From(PollFailure f, string tenantId) =>
        new(f.Kind.ToSlug(), f.Code, f.Message, FailureFixes.Sentence(f, tenantId), f.RequestId, f.ClientRequestId);
}
