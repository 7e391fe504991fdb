using System.Net;
using System.Text;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>The HTML and text parts of an incident summary, written side by side; every value HTML-encoded.</summary>
internal sealed class IncidentSummaryBody
{
    private readonly StringBuilder _html = new("<html><body style=\"font-family:sans-serif\">");
    private readonly StringBuilder _text = new();

    public string Html => _html + "</body></html>";

    public string Text => _text.ToString();

    public void Paragraph(string line, string style = "")
    {
        _text.AppendLine(line).AppendLine();
        _html.Append(style.Length == 0 ? "<p>" : $"<p style=\"{style}\">");
        _html.Append(WebUtility.HtmlEncode(line)).Append("</p>");
    }

    public void Section(string title, IEnumerable<string> lines)
    {
        _text.AppendLine(title + ":");
        _html.Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3><ul>");
        foreach (var line in lines)
        {
            _text.AppendLine("- " + line);
            _html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
        }

        _text.AppendLine();
        _html.Append("</ul>");
    }

    public void Link(string label, string url)
    {
        _text.AppendLine($"{label} {url}").AppendLine();
        _html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\" style=\"font-weight:bold\">");
        _html.Append(WebUtility.HtmlEncode(label)).Append("</a></p>");
    }
}
