using TokenWatch.Core.Health;
using TokenWatch.Core.Incidents;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// The incident summary to the ops recipients: the words of <see cref="IncidentWording"/> as HTML (every value
/// encoded: tenant names come from the catalog or GDAP) and plain text, with the one "acknowledge all" link.
/// </summary>
public static class IncidentSummaryEmail
{
    public const string AcknowledgeAllLabel = "Acknowledge in all tenants…";

    /// <summary>The tenant an incident summary is filed under in headers and outbox file names.</summary>
    public const string AcrossTenants = "across-tenants";

    private const string LinksOff =
        "Action links are off (TokenWatch:Actions:PageUrl is not set): acknowledge in each tenant's digest or with "
        + "tokenwatch snooze.";

    private const string LinkNote =
        "One link acknowledges the condition in every tenant above that still has it: no reminders until it changes "
        + "or recovers there, the recovery still sent, and each tenant's next digest names who acknowledged it and "
        + "why. The page it opens changes nothing until you give a reason and confirm.";

    public static OutgoingEmail Compose(
        Incident incident,
        IncidentNews news,
        DateTimeOffset now,
        IReadOnlyList<string> recipients,
        string? acknowledgeUrl
    )
    {
        var body = new IncidentSummaryBody();
        body.Paragraph(IncidentWording.Lead(incident, news, now));
        var open = news != IncidentNews.Recovered;
        if (open)
        {
            body.Section("Shared cause", [IncidentWording.Cause(incident, now)]);
            body.Section("What to do in each tenant", IncidentWording.Fix(incident, now));
        }

        body.Section("Tenants", incident.Tenants.Select(IncidentWording.TenantLine));
        if (incident.Acknowledged is { } acknowledged)
        {
            body.Paragraph($"Acknowledged in every tenant {acknowledged}");
        }

        Action(body, open, acknowledgeUrl);
        var subject = Words.Clean(IncidentWording.Subject(incident, news, now), 250);
        var severity = open ? HealthStatus.Critical : HealthStatus.Ok;
        return new OutgoingEmail(
            incident.SummaryId,
            AcrossTenants,
            now,
            severity,
            recipients,
            subject,
            body.Html,
            body.Text
        );
    }

    /// <summary>The link and what it does; a recovery has nothing left to acknowledge.</summary>
    private static void Action(IncidentSummaryBody body, bool open, string? acknowledgeUrl)
    {
        if (!open)
        {
            return;
        }

        if (acknowledgeUrl is not null)
        {
            body.Link(AcknowledgeAllLabel, acknowledgeUrl);
        }

        body.Paragraph(acknowledgeUrl is null ? LinksOff : LinkNote, "color:#555");
    }
}
