using Microsoft.Extensions.Logging;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>The evaluation's log events, one source-generated method each.</summary>
public sealed partial class EvaluationService
{
    [LoggerMessage(
        EventId = 2001,
        EventName = "AlertSent",
        Level = LogLevel.Information,
        Message = "Alert digest {DigestId} sent for tenant {TenantId} by {Channel}: {Severity}, {EventCount} events"
    )]
    private partial void LogAlertSent(
        string tenantId,
        string severity,
        string digestId,
        int eventCount,
        DeliveryChannel channel
    );

    [LoggerMessage(
        EventId = 2003,
        EventName = "AlertFailed",
        Level = LogLevel.Error,
        Message = "Evaluating or notifying tenant {TenantId} failed: {Reason}"
    )]
    private partial void LogAlertFailed(Exception? exception, string tenantId, string reason);

    [LoggerMessage(
        EventId = 2004,
        EventName = "EvaluationCompleted",
        Level = LogLevel.Information,
        Message = "Evaluation completed: {TenantCount} tenants, {DigestCount} digests sent, {FailedCount} failed"
    )]
    private partial void LogEvaluationCompleted(int tenantCount, int digestCount, int failedCount);

    [LoggerMessage(
        EventId = 2007,
        EventName = "ClaimLost",
        Level = LogLevel.Information,
        Message = "Another evaluation changed the ledger of tenant {TenantId} first (attempt {Attempt}); deciding again"
    )]
    private partial void LogClaimLost(string tenantId, int attempt);

    [LoggerMessage(
        EventId = 2008,
        EventName = "TenantBusy",
        Level = LogLevel.Information,
        Message = "Another evaluation is sending digest {DigestId} of tenant {TenantId}; skipped this time"
    )]
    private partial void LogTenantBusy(string tenantId, string digestId);

    [LoggerMessage(
        EventId = 2009,
        EventName = "EventsSnoozed",
        Level = LogLevel.Information,
        Message = "Tenant {TenantId}: {EventCount} events of snoozed tokens recorded as {DigestId}, not sent"
    )]
    private partial void LogEventsSnoozed(string tenantId, string digestId, int eventCount);

    [LoggerMessage(
        EventId = 2013,
        EventName = "TenantPaused",
        Level = LogLevel.Information,
        Message = "Tenant {TenantId} is paused: polled, not evaluated; nobody is told until it is resumed"
    )]
    private partial void LogTenantPaused(string tenantId);

    [LoggerMessage(
        EventId = 2010,
        EventName = "LeaseLost",
        Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} of tenant {TenantId} was sent, but its lease had expired and another "
            + "evaluation took it over: it may be sent twice"
    )]
    private partial void LogLeaseLost(string tenantId, string digestId);
}
