using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using TokenWatch.Core.Actions;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// The action page's HTML: a form that asks for the choice and a reason, the result, or a refusal. Every value is
/// HTML-encoded here, as the email's engine does (a token named <c>&lt;script&gt;</c> shows as text); the page has
/// no script and loads nothing, and its Content-Security-Policy (<see cref="ActionPageResponse.Headers"/>) says so.
/// </summary>
public static class ActionPageHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Form(ActionPageView view, string? problem = null)
    {
        var body = new StringBuilder();
        body.Append($"<h1>{E(Title(view.Kind))}: {E(view.Token)}</h1>");
        body.Append($"<p class=\"tenant\">{E(view.TenantName)}</p>");
        body.Append($"<p><strong>{E(view.Condition)}</strong> — {E(view.StateNow)}</p><table>");
        foreach (var (label, value) in view.Facts)
        {
            body.Append($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        }

        body.Append("</table>");
        if (view.SilencedNow is { } silenced)
        {
            body.Append($"<p class=\"note\">Silenced now: {E(silenced)}</p>");
        }

        if (problem is not null)
        {
            body.Append($"<p class=\"problem\" role=\"alert\">{E(problem)}</p>");
        }

        body.Append("<form method=\"post\">");
        body.Append($"<input type=\"hidden\" name=\"t\" value=\"{E(view.LinkToken)}\">");
        body.Append($"<input type=\"hidden\" name=\"form_token\" value=\"{E(view.FormToken)}\">");
        body.Append(view.Kind == AlertActionKind.Snooze ? SnoozeChoices(view) : AcknowledgeText);
        body.Append("<label for=\"reason\">Reason or ticket reference (required; the next digest repeats it)</label>");
        body.Append("<textarea id=\"reason\" name=\"reason\" required maxlength=\"500\" rows=\"3\"></textarea>");
        body.Append($"<button type=\"submit\" id=\"act\">{E(Title(view.Kind))}</button></form>");
        body.Append($"<p class=\"small\">From digest {E(view.DigestId)}. Opening this page changes nothing; ");
        body.Append("only the button does.</p>");
        return Page(Title(view.Kind), body.ToString());
    }

    public static string Done(string heading, string message) =>
        Page(heading, $"<h1>{E(heading)}</h1><p id=\"done\">{E(message)}</p>");

    public static string Refused(ActionRefusal refusal) =>
        Page("Link not usable", $"<h1>This link cannot be used</h1><p id=\"refused\">{E(Why(refusal))}</p>");

    /// <summary>The same words whatever the tenant: a refusal says nothing about any tenant or token.</summary>
    public static string Why(ActionRefusal refusal) =>
        refusal switch
        {
            ActionRefusal.BadSignature => "The link is not one TokenWatch signed, or it was changed or cut short. "
                + "Open it again from the email or the Teams card.",
            ActionRefusal.Expired => "The link has expired. The next digest about this alert brings a new one.",
            ActionRefusal.Superseded => "The alert changed since this digest was sent (the token was renewed or "
                + "changed, or the condition is over). The newest digest shows what holds now.",
            ActionRefusal.UnknownTenant => "The link names a tenant this TokenWatch does not watch (any more).",
            ActionRefusal.Replayed => "The link was already used. Each link acts once; history shows what was done.",
            ActionRefusal.MissingFormToken => "The form was not sent from this page. Open the link and use its "
                + "button.",
            ActionRefusal.RateLimited => "Too many requests. Wait a minute and try again.",
            ActionRefusal.BadForm => "The form was incomplete.",
        };

    private const string AcknowledgeText =
        "<p>Acknowledge: no reminders about this condition until it changes or recovers. The recovery is still "
        + "sent, and any new problem of the token ends the acknowledgement.</p>";

    private static string SnoozeChoices(ActionPageView view)
    {
        var choices = new StringBuilder("<fieldset><legend>Snooze: no mails about this token until</legend>");
        foreach (var days in AlertActions.SnoozeDays)
        {
            var check = days == AlertActions.SnoozeDays[0] ? " checked" : "";
            choices.Append(
                $"<label><input type=\"radio\" name=\"choice\" value=\"{days}\"{check}> {days} days</label>"
            );
        }

        choices.Append("<label><input type=\"radio\" name=\"choice\" value=\"date\"> a date: </label>");
        choices.Append($"<input type=\"date\" name=\"until\" min=\"{E(view.EarliestDate)}\" ");
        choices.Append($"max=\"{E(view.LatestDate)}\"></fieldset>");
        choices.Append("<p class=\"small\">Any change of the token (renewed, a new condition, a new owner) ends ");
        choices.Append("the snooze early.</p>");
        return choices.ToString();
    }

    private static string Title(AlertActionKind kind) => kind == AlertActionKind.Snooze ? "Snooze" : "Acknowledge";

    private static string E(string value) => Html.Encode(value);

    internal static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + $"<meta name=\"robots\" content=\"noindex\"><title>TokenWatch · {E(title)}</title><style>"
        + "body{font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;max-width:640px;margin:24px auto;"
        + "padding:0 16px;color:#111827}th{text-align:left;color:#6b7280;font-weight:400;padding-right:12px}"
        + "label{display:block;margin:6px 0}textarea{width:100%}.small,.tenant{color:#6b7280;font-size:13px}"
        + ".problem{color:#b91c1c}.note{background:#f3f4f6;padding:8px}button{margin-top:12px;padding:8px 14px}"
        + $"</style></head><body>{body}</body></html>";
}
