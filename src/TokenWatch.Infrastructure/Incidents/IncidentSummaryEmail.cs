using System.Net;
using System.Text;
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

    public static OutgoingEmail Compose(
        Incident incident,
        IncidentNews news,
        DateTimeOffset now,
        IReadOnlyList<string> recipients,
        string? acknowledgeUrl
    )
    {
        var html = new StringBuilder("<html><body style=\"font-family:sans-serif\">");
        var text = new StringBuilder();
        Paragraph(IncidentWording.Lead(incident, news, now));
        if (news != IncidentNews.Recovered)
        {
            Section("Shared cause", [IncidentWording.Cause(incident, now)]);
            Section("What to do in each tenant", IncidentWording.Fix(incident, now));
        }

        Section("Tenants", incident.Tenants.Select(IncidentWording.TenantLine));
        if (incident.Acknowledged is { } acknowledged)
        {
            Paragraph($"Acknowledged in every tenant {acknowledged}");
        }

        if (news != IncidentNews.Recovered)
        {
            Action(acknowledgeUrl, html, text);
        }

        html.Append("</body></html>");
        var severity = news == IncidentNews.Recovered ? HealthStatus.Ok : HealthStatus.Critical;
        var subject = Words.Clean(IncidentWording.Subject(incident, news, now), 250);
        return new OutgoingEmail(
            incident.SummaryId,
            AcrossTenants,
            now,
            severity,
            recipients,
            subject,
            html.ToString(),
            text.ToString()
        );

        void Paragraph(string line)
        {
            text.AppendLine(line).AppendLine();
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        void Section(string title, IEnumerable<string> lines)
        {
            text.AppendLine(title + ":");
            html.Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3><ul>");
            foreach (var line in lines)
            {
                text.AppendLine("- " + line);
                html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
            }

            text.AppendLine();
            html.Append("</ul>");
        }
    }

    private static void Action(string? url, StringBuilder html, StringBuilder text)
    {
        if (url is null)
        {
            const string off =
                "Action links are off (TokenWatch:Actions:PageUrl is not set): acknowledge in each tenant's digest "
                + "or with tokenwatch snooze.";
            text.AppendLine(off);
            html.Append("<p>").Append(WebUtility.HtmlEncode(off)).Append("</p>");
            return;
        }

        const string note =
            "One link acknowledges the condition in every tenant above that still has it: no reminders until it "
            + "changes or recovers there, the recovery still sent, and each tenant's next digest names who "
            + "acknowledged it and why. The page it opens changes nothing until you give a reason and confirm.";
        text.AppendLine($"{AcknowledgeAllLabel} {url}").AppendLine().AppendLine(note);
        html.Append("<p><a href=\"")
            .Append(WebUtility.HtmlEncode(url))
            .Append("\" style=\"font-weight:bold\">")
            .Append(WebUtility.HtmlEncode(AcknowledgeAllLabel))
            .Append("</a></p><p style=\"color:#555\">")
            .Append(WebUtility.HtmlEncode(note))
            .Append("</p>");
    }
}
