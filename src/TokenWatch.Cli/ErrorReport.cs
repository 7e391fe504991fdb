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
    public static ErrorReport From(PollFailure f) =>
        new(f.Kind.ToSlug(), f.Code, f.Message, f.Fix, f.RequestId, f.ClientRequestId);
}
