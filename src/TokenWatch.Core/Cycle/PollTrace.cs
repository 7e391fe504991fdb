using Microsoft.Extensions.Logging;

namespace TokenWatch.Core.Cycle;

/// <summary>What a poll logs, each event named and numbered once (docs/operations.md lists them).</summary>
internal static partial class PollTrace
{
    [LoggerMessage(
        EventId = 1001,
        EventName = "PollStarted",
        Level = LogLevel.Information,
        Message = "Poll started for {TenantCount} tenants"
    )]
    public static partial void PollStarted(ILogger logger, int tenantCount);

    [LoggerMessage(
        EventId = 1002,
        EventName = "PollCompleted",
        Level = LogLevel.Information,
        Message = "Poll completed: {TenantCount} tenants, {FailedTenantCount} with failures, {DurationSeconds:F1} s"
    )]
    public static partial void PollCompleted(
        ILogger logger,
        int tenantCount,
        int failedTenantCount,
        double durationSeconds
    );

    [LoggerMessage(
        EventId = 1003,
        EventName = "TenantPollFailed",
        Level = LogLevel.Warning,
        Message = "Reading {TokenKind} of tenant {TenantId} failed ({Cause}): {Reason} "
            + "(request-id {RequestId}, client-request-id {ClientRequestId})"
    )]
    public static partial void TenantPollFailed(
        ILogger logger,
        string tenantId,
        string tokenKind,
        string cause,
        string reason,
        string? requestId,
        string? clientRequestId
    );

    [LoggerMessage(
        EventId = 1004,
        EventName = "TokenObserved",
        Level = LogLevel.Debug,
        Message = "Token {TokenKind}:{TokenId} of tenant {TenantId}: {Status}, {DaysUntilExpiry} days until expiry"
    )]
    public static partial void TokenObserved(
        ILogger logger,
        string tenantId,
        string tokenKind,
        string tokenId,
        int? daysUntilExpiry,
        string status
    );

    [LoggerMessage(
        EventId = 1005,
        EventName = "TenantStoreFailed",
        Level = LogLevel.Error,
        Message = "Storing the poll of tenant {TenantId} failed; its last stored state is kept: {Reason}"
    )]
    public static partial void TenantStoreFailed(ILogger logger, Exception exception, string tenantId, string reason);

    [LoggerMessage(
        EventId = 1006,
        EventName = "EveryTenantFailed",
        Level = LogLevel.Error,
        Message = "Poll failed for every one of its {TenantCount} tenants: {UnreadTenantCount} could not be read, "
            + "{UnstoredTenantCount} could not be stored"
    )]
    public static partial void EveryTenantFailed(
        ILogger logger,
        int tenantCount,
        int unreadTenantCount,
        int unstoredTenantCount
    );

    [LoggerMessage(
        EventId = 1007,
        EventName = "TenantDeferred",
        Level = LogLevel.Debug,
        Message = "Graph throttled tenant {TenantId} past the retry wait; it is read again at the end of the poll"
    )]
    public static partial void TenantDeferred(ILogger logger, string tenantId);

    [LoggerMessage(
        EventId = 1008,
        EventName = "TenantsNotReached",
        Level = LogLevel.Warning,
        Message = "The poll's time budget ({BudgetSeconds:F0} s) ran out before {TenantCount} tenants were started; "
            + "the next poll reads them first: {TenantIds}"
    )]
    public static partial void TenantsNotReached(
        ILogger logger,
        int tenantCount,
        double budgetSeconds,
        string tenantIds
    );

    [LoggerMessage(
        EventId = 1009,
        EventName = "PollBacklogFailed",
        Level = LogLevel.Warning,
        Message = "The list of tenants a poll did not reach could not be read or kept: {Reason}"
    )]
    public static partial void BacklogFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(
        EventId = 1010,
        EventName = "TenantPolled",
        Level = LogLevel.Information,
        Message = "Tenant {TenantId} polled: {TokenCount} tokens, worst {Status}, {FailedEndpoints} endpoints failed, "
            + "stored {Stored}, {DurationSeconds:F1} s"
    )]
    public static partial void TenantPolled(
        ILogger logger,
        string tenantId,
        int tokenCount,
        string status,
        int failedEndpoints,
        bool stored,
        double durationSeconds
    );

    [LoggerMessage(
        EventId = 1011,
        EventName = "PausedTenantPollFailed",
        Level = LogLevel.Information,
        Message = "Reading {TokenKind} of paused tenant {TenantId} failed ({Cause}): {Reason}"
    )]
    public static partial void PausedTenantPollFailed(
        ILogger logger,
        string tenantId,
        string tokenKind,
        string cause,
        string reason
    );
}
