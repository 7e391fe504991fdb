using System.Net;
using System.Text;

namespace TokenWatch.Infrastructure.Discovery;

/// <summary>The discovery email's body as text and as HTML (every line encoded); empty sections left out.</summary>
internal sealed class SummaryBody
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new("<html><body style=\"font-family:sans-serif\">");

    public void Section(string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        _text.AppendLine(title + ":");
        _html.Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3><ul>");
        foreach (var line in list)
        {
            _text.AppendLine("- " + line);
            _html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
        }

        _text.AppendLine();
        _html.Append("</ul>");
    }

    public string Text() => _text.ToString();

    public string Html() => _html.ToString() + "</body></html>";
}
