using Microsoft.Extensions.Logging;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Incidents;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>The log events of incidents across tenants, in one place.</summary>
public sealed partial class IncidentTrace(ILogger<IncidentTrace> logger)
{
    [LoggerMessage(
        EventId = 8201,
        EventName = "IncidentsNotTracked",
        Level = LogLevel.Information,
        Message = "Incidents across tenants are not tracked: TokenWatch:Discovery:OpsRecipients names nobody to tell"
    )]
    public partial void NoRecipients();

    [LoggerMessage(
        EventId = 8202,
        EventName = "IncidentChanged",
        Level = LogLevel.Information,
        Message = "Incident {IncidentId} ({Identity}): {Affected} tenants affected of {Tenants}, news {News}"
    )]
    public partial void Changed(string incidentId, string identity, int affected, int tenants, IncidentNews? news);

    [LoggerMessage(
        EventId = 8203,
        EventName = "IncidentSummarySent",
        Level = LogLevel.Information,
        Message = "Incident summary {SummaryId} ({News}) sent to {Recipients} ops recipients"
    )]
    public partial void Sent(string summaryId, IncidentNews news, int recipients);

    [LoggerMessage(
        EventId = 8204,
        EventName = "IncidentSummaryFailed",
        Level = LogLevel.Warning,
        Message = "Incident summary {SummaryId} was not accepted; the next evaluation sends it: {Reason}"
    )]
    public partial void Failed(Exception exception, string summaryId, string reason);

    [LoggerMessage(
        EventId = 8205,
        EventName = "IncidentTenantUnread",
        Level = LogLevel.Warning,
        Message = "The ledger of tenant {TenantId} could not be read for incidents; it stays as it was: {Reason}"
    )]
    public partial void TenantUnread(Exception exception, string tenantId, string reason);

    [LoggerMessage(
        EventId = 8206,
        EventName = "IncidentAcknowledged",
        Level = LogLevel.Information,
        Message = "Incident {IncidentId} acknowledged in {Tenants} tenants from the link of summary {SummaryId}"
    )]
    public partial void Acknowledged(string incidentId, int tenants, string summaryId);

    [LoggerMessage(
        EventId = 8207,
        EventName = "IncidentActionRefused",
        Level = LogLevel.Warning,
        Message = "An incident link was refused ({Refusal}); incident {IncidentId}"
    )]
    public partial void Refused(ActionRefusal refusal, string incidentId);

    [LoggerMessage(
        EventId = 8208,
        EventName = "IncidentSaveConflict",
        Level = LogLevel.Information,
        Message = "Incident {IncidentId} was changed by another evaluation meanwhile; the next evaluation goes on"
    )]
    public partial void Conflict(string incidentId);
}
