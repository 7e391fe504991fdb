namespace TokenWatch.Infrastructure.Storage;

/// <summary>An endpoint a poll could not read, as its run row keeps it (JSON, the kind as its slug).</summary>
internal sealed record StoredFailure(
    string Kind,
    string Code,
    string Message,
    string? Fix,
    string? RequestId,
    string? ClientRequestId
);
