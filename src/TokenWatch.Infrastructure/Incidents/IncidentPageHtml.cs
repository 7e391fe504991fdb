using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using TokenWatch.Core.Incidents;
using TokenWatch.Infrastructure.Actions;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// The page of an incident's "acknowledge all" link: what holds in which tenants, the shared cause, and the form
/// that acknowledges it in every affected tenant. Every value is HTML-encoded (tenant names come from outside).
/// </summary>
public static class IncidentPageHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Form(
        Incident incident,
        string linkToken,
        string formToken,
        DateTimeOffset now,
        string? problem
    )
    {
        var body = new StringBuilder();
        body.Append($"<h1>Acknowledge in all tenants: {E(IncidentWording.What(incident, now))}</h1>");
        body.Append($"<p>{E(IncidentWording.Lead(incident, IncidentNews.Opened, now))}</p>");
        body.Append(
            $"<p><strong>Shared cause:</strong> {E(IncidentWording.Cause(incident, now))}</p><ul id=\"tenants\">"
        );
        foreach (var tenant in incident.Tenants)
        {
            var state = tenant.Affected ? "affected" : "recovered";
            body.Append($"<li class=\"{state}\">{E(IncidentWording.TenantLine(tenant))}</li>");
        }

        body.Append("</ul>");
        if (incident.Acknowledged is { } acknowledged)
        {
            body.Append($"<p class=\"note\">Acknowledged already {E(acknowledged)}</p>");
        }

        if (problem is not null)
        {
            body.Append($"<p class=\"problem\" role=\"alert\">{E(problem)}</p>");
        }

        FormPart(body, incident, linkToken, formToken);
        return ActionPageHtml.Page("Acknowledge in all tenants", body.ToString());
    }

    private static void FormPart(StringBuilder body, Incident incident, string linkToken, string formToken)
    {
        body.Append("<form method=\"post\">");
        body.Append($"<input type=\"hidden\" name=\"t\" value=\"{E(linkToken)}\">");
        body.Append($"<input type=\"hidden\" name=\"form_token\" value=\"{E(formToken)}\">");
        body.Append($"<p>Acknowledge in the {E(IncidentWording.Tenants(incident.Affected.Count))} still affected: no ");
        body.Append("reminders there until the condition changes or recovers; the recovery is still sent, and each ");
        body.Append("tenant's next digest names who acknowledged it and why.</p>");
        body.Append(
            "<label for=\"reason\">Reason or ticket reference (required; each tenant's digest repeats it)</label>"
        );
        body.Append("<textarea id=\"reason\" name=\"reason\" required maxlength=\"500\" rows=\"3\"></textarea>");
        body.Append("<button type=\"submit\" id=\"act\">Acknowledge in all tenants</button></form>");
        body.Append("<p class=\"small\">Opening this page changes nothing; only the button does.</p>");
    }

    public static string Done(Incident incident, IReadOnlyList<IncidentTenant> tenants, DateTimeOffset now)
    {
        var names = string.Join(", ", tenants.Select(t => t.Name));
        return ActionPageHtml.Done(
            "Acknowledged in all tenants",
            $"{IncidentWording.What(incident, now)} is acknowledged in {IncidentWording.Tenants(tenants.Count)} "
                + $"({names}): no reminders there until it changes or recovers. Each tenant's audit records it as "
                + $"from incident {incident.Id}."
        );
    }

    private static string E(string value) => Html.Encode(value);
}
