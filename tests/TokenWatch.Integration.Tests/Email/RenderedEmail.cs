using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// A rendered email parsed the way a browser parses it (AngleSharp, HTML5), with helpers to read it as a person would.
/// </summary>
internal sealed partial class RenderedEmail
{
    public RenderedEmail(OutgoingEmail email)
    {
        Email = email;
        Document = new HtmlParser().ParseDocument(email.Html);
    }

    public OutgoingEmail Email { get; }

    public IHtmlDocument Document { get; }

    /// <summary>The text part with every run of white space made one space: wrapping does not change a fact.</summary>
    public string FlatText => Flat(Email.Text);

    /// <summary>Every visible text of the HTML body, in document order (the hidden preview line excluded).</summary>
    public IEnumerable<string> VisibleTexts =>
        Document
            .Body!.Descendants<IText>()
            .Where(t => !IsHidden(t.ParentElement))
            .Select(t => Flat(t.Text).Trim())
            .Where(t => t.Length > 0);

    /// <summary>The event headings (18 px bold lines), in the order they appear.</summary>
    public IReadOnlyList<IElement> Headings =>
        Document
            .QuerySelectorAll("div")
            .Where(d => d.GetAttribute("style")?.Contains("font-size:18px", StringComparison.Ordinal) == true)
            .ToList();

    /// <summary>The badges ("CRITICAL", "WARNING", …) in the order they appear.</summary>
    public IReadOnlyList<string> Badges =>
        Document
            .QuerySelectorAll("span")
            .Where(s => s.GetAttribute("style")?.Contains("letter-spacing:0.6px", StringComparison.Ordinal) == true)
            .Select(s => s.TextContent)
            .ToList();

    /// <summary>Label → value of an event's facts table (the 150 px label column).</summary>
    public IReadOnlyDictionary<string, string> Facts(int eventIndex)
    {
        var card = Cards[eventIndex];
        return card.QuerySelectorAll("tr")
            .Select(r => r.Children.ToList())
            .Where(c =>
                c.Count == 2 && c[0].GetAttribute("style")?.Contains("width:150px", StringComparison.Ordinal) == true
            )
            .ToDictionary(c => c[0].TextContent, c => c[1].TextContent);
    }

    /// <summary>The cards of the events (table cells with a coloured left border), in order.</summary>
    public IReadOnlyList<IElement> Cards =>
        Document
            .QuerySelectorAll("td")
            .Where(d =>
                d.GetAttribute("style")?.Contains("border-left:4px solid #", StringComparison.Ordinal) == true
                && d.GetAttribute("style")?.Contains("padding:20px 24px", StringComparison.Ordinal) == true
            )
            .ToList();

    public static string Flat(string text) => Whitespace().Replace(text.Replace('\u00A0', ' '), " ");

    private static bool IsHidden(IElement? element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.GetAttribute("style")?.Contains("display:none", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
