using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using TokenWatch.Core.Calendar;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Infrastructure.Calendar;

/// <summary>
/// The weekly renewal summary as an email: a table of every renewal (soonest first) in HTML and text, with the
/// <c>.ics</c> attached. Every value from outside is cleaned, and HTML-encoded in the HTML part.
/// </summary>
public static class RenewalSummary
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Attached = "holds one event per renewal, on the day to act.";

    public static OutgoingEmail Render(
        string id,
        string scope,
        string tenantId,
        IReadOnlyList<string> recipients,
        IReadOnlyList<Renewal> renewals,
        DateTimeOffset now
    )
    {
        var count = renewals.Count == 1 ? "1 token" : $"{renewals.Count} tokens";
        var subject = Words.Clean(
            $"[TokenWatch] Renewals · {scope} · {count} to renew within the next weeks",
            DigestComposer.MaxSubjectLength
        );
        var rows = renewals.Select(Row).ToList();
        var html = RenderHtml(subject, rows, now);
        var text = RenderText(subject, rows);
        var severity = renewals.Any(r => r.DaysLeft <= 30) ? HealthStatus.Warning : HealthStatus.Ok;
        return new OutgoingEmail(id, tenantId, now, severity, recipients, subject, html, text)
        {
            Attachments =
            [
                new EmailAttachment(IcsCalendar.FileName, IcsCalendar.ContentType, IcsCalendar.Write(renewals, now)),
            ],
        };
    }

    private static string RenderHtml(string subject, List<string[]> rows, DateTimeOffset now)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(subject)}</title></head>")
            .Append("<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#111827\">")
            .Append(CultureInfo.InvariantCulture, $"<h1 style=\"font-size:18px\">{E(subject)}</h1>")
            .Append(
                CultureInfo.InvariantCulture,
                $"<p>The attached calendar ({E(IcsCalendar.FileName)}) {E(Attached)}</p>"
            )
            .Append("<table style=\"border-collapse:collapse\"><tr>")
            .Append("<th align=\"left\">Token</th><th align=\"left\">Tenant</th><th align=\"left\">Expires</th>")
            .Append("<th align=\"left\">Act on</th><th align=\"left\">Days left</th></tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"padding:4px 12px 4px 0\">{E(cell)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table><p style=\"color:#6b7280;font-size:12px\">")
            .Append(E($"TokenWatch · {Words.Date(now)}"))
            .Append("</p></body></html>");
        return html.ToString();
    }

    private static string RenderText(string subject, List<string[]> rows)
    {
        var text = new StringBuilder($"{subject}\n\nThe attached calendar ({IcsCalendar.FileName}) {Attached}\n\n");
        foreach (var row in rows)
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $"- {row[0]} ({row[1]}): expires {row[2]}, act on {row[3]}, {row[4]} days left\n"
            );
        }

        return text.ToString();
    }

    private static string[] Row(Renewal r) =>
        [
            Words.Clean($"{r.Token.Kind.ToDisplayName()} \"{r.Token.DisplayName}\"", 120),
            Words.Clean(r.Tenant.DisplayName, 80),
            Words.Day(r.ExpiresAt),
            r.ActOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.DaysLeft.ToString(CultureInfo.InvariantCulture),
        ];

    private static string E(string value) => Html.Encode(value);
}
