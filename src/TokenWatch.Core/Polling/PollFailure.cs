using System.Text.Json.Serialization;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>
/// One endpoint of one tenant that could not be read. Never means "healthy". <see cref="Fix"/> is a code, worded by
/// <see cref="FailureFixes"/> where it is shown; null only in rows stored before codes were (the code decides then).
/// </summary>
public sealed record PollFailure(
    TokenKind Kind,
    string Code,
    string Message,
    [property: JsonConverter(typeof(StoredFailureFixConverter))] FailureFix? Fix,
    string? RequestId = null,
    string? ClientRequestId = null
);
