using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A page that hands a Teams message's card to the official Adaptive Cards renderer (the <c>adaptivecards</c> npm
/// package, installed by <c>npm ci</c>): it parses the card, validates it, renders it, and writes every parse and
/// validation event into the page for the test to read. Markdown is switched on the way Teams has it, with a small
/// processor for links and bold, so text the card lets through as Markdown would show up as a link.
/// </summary>
internal static class AdaptiveCardPage
{
    public static string Library =>
        Path.Combine(Snapshot.RepositoryRoot, "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");

    public static string Write(string folder, JsonObject message, int width) => Write(folder, [message], width);

    /// <summary>A page with several messages' cards, one under the other: one browser run for all of them.</summary>
    public static string Write(string folder, IReadOnlyList<JsonObject> messages, int width)
    {
        // The default encoder escapes < > & in strings, so nothing in the card can close the script element.
        var json = JsonSerializer.Serialize(messages);
        var page = $$"""
            <!doctype html>
            <html><head><meta charset="utf-8"><title>card</title>
            <script src="{{new Uri(Library).AbsoluteUri}}"></script>
            <style>
            body { margin: 0; padding: 12px; width: {{width - 24}}px; background: #f5f5f5;
                   font-family: "Segoe UI", "DejaVu Sans", sans-serif; }
            #card { background: #fff; border-radius: 4px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
            #report { display: none; }
            </style>
            </head><body><div id="card"></div><pre id="report"></pre>
            <script>
            const messages = {{json}};
            AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
              result.outputHtml = text
                .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>')
                .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>');
              result.didProcess = true;
            };
            const events = [];
            const versions = [];
            for (const message of messages) {
              const card = new AdaptiveCards.AdaptiveCard();
              const context = new AdaptiveCards.SerializationContext();
              card.parse(message.attachments[0].content, context);
              for (let i = 0; i < context.eventCount; i++) {
                const e = context.getEventAt(i);
                events.push({ phase: e.phase, event: e.event, message: e.message });
              }
              for (const e of card.validateProperties().validationEvents) {
                events.push({ phase: e.phase, event: e.event, message: e.message });
              }
              document.getElementById('card').appendChild(card.render());
              versions.push(card.version.toString());
            }
            document.getElementById('report').textContent = JSON.stringify({ events, version: versions.join(',') });
            </script></body></html>
            """;
        var path = Path.Combine(folder, "card.html");
        File.WriteAllText(path, page);
        return path;
    }

    /// <summary>What the renderer reported, and the card as it built it in the page.</summary>
    public static (JsonElement Report, IElement Card) Read(string dom)
    {
        var document = new HtmlParser().ParseDocument(dom);
        var report = JsonDocument.Parse(document.GetElementById("report")!.TextContent).RootElement.Clone();
        return (report, document.GetElementById("card")!);
    }
}
