using System.Text.Json;
using System.Text.Json.Nodes;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Notifications.Teams;

/// <summary>
/// A digest as an Adaptive Card (schema 1.5) in the message a Teams Workflows webhook expects: the tenant and the
/// worst status on top, then each event with its token, facts (expiry among them), what to do and the portals to
/// open. It formats the channel-neutral <see cref="DigestNotice"/>, so it says what the email and the webhook say.
/// <para>
/// Every text from outside is a <c>TextRun</c> in a <c>RichTextBlock</c>: Teams reads a <c>TextBlock</c> or a
/// <c>FactSet</c> as Markdown, so a token named <c>[Renew here](https://evil)</c> would become a link there; a
/// TextRun is shown as the characters it holds, and <see cref="CardLiteral"/> keeps renderers from evaluating
/// date and template expressions in it. The card stays under Teams' 28 KB by listing at most
/// <see cref="MaxEvents"/> events and dropping more while it is too large.
/// </para>
/// </summary>
public static class TeamsCard
{
    public const int MaxEvents = 10;
    public const int MaxBytes = 26 * 1024;
    private const int MaxSteps = 4;
    private const int MaxLinks = 3;
    private const int MaxStep = 280;

    /// <summary>The message to post: one attachment holding the card.</summary>
    public static JsonObject Message(Digest digest)
    {
        var view = Notices.Of(digest, DigestComposer.Subject(digest));
        var shown = Math.Min(view.Events.Count, MaxEvents);
        var message = Wrap(Card(view, shown));
        while (shown > 1 && Encoding(message).Length > MaxBytes)
        {
            message = Wrap(Card(view, --shown));
        }

        return message;
    }

    public static byte[] Encoding(JsonObject message) => JsonSerializer.SerializeToUtf8Bytes(message);

    private static JsonObject Wrap(JsonObject card) =>
        new()
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                }
            ),
        };

    private static JsonObject Card(DigestNotice view, int shown)
    {
        var body = new JsonArray(Header(view));
        foreach (var e in view.Events.Take(shown))
        {
            body.Add(Event(e));
        }

        if (view.Events.Count > shown)
        {
            var more = view.Events.Count - shown;
            var events = more == 1 ? "1 more event is" : $"{more} more events are";
            body.Add(Text(Run($"{events} in the email and in the TokenWatch history.", subtle: true)));
        }

        if (KnownErrors(view.Events.Take(shown)) is { } knownErrors)
        {
            body.Add(knownErrors);
        }

        if (view.Silenced.Count > 0)
        {
            body.Add(Silenced(view.Silenced));
        }

        body.Add(Text(Run($"TokenWatch · digest {view.DigestId} · {view.ComposedAt}", subtle: true, small: true)));
        return new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["fallbackText"] = CardLiteral.Of(view.Subject),
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
    }

    private static JsonObject Header(DigestNotice view) =>
        new()
        {
            ["type"] = "Container",
            ["style"] = StyleOf(view.Severity),
            ["bleed"] = true,
            ["items"] = new JsonArray(
                Text(
                    Run(
                        $"TokenWatch · {view.SeverityLabel}",
                        weight: "Bolder",
                        size: "Large",
                        color: ColorOf(view.Severity)
                    )
                ),
                Text(Run(view.TenantName, weight: "Bolder"), Run($"  {view.TenantId}", subtle: true)),
                Text(Run(view.Counts))
            ),
        };

    private static JsonObject Event(EventNotice e)
    {
        var items = new JsonArray(
            Text(Run(e.Label, weight: "Bolder", color: ColorOf(e.Severity)), Run($"  {e.KindLabel}", subtle: true)),
            Text(Run(e.Title, weight: "Bolder"), Run(" " + e.Headline))
        );
        foreach (var fact in e.Facts.Where(f => f.Label != "Tenant"))
        {
            items.Add(Spaced(Text(Run($"{fact.Label}: ", weight: "Bolder"), Run(fact.Value)), "None"));
        }

        if (e.Steps.Count > 0)
        {
            items.Add(Text(Run("What to do", weight: "Bolder")));
            foreach (var (step, i) in e.Steps.Take(MaxSteps).Select((s, i) => (s, i)))
            {
                items.Add(Spaced(Text(Run($"{i + 1}. {Words.Clean(step, MaxStep)}")), "None"));
            }
        }

        if (e.Links.Count > 0 || e.Actions.Count > 0)
        {
            // Action.OpenUrl only: the page asks for the reason and acts on its own POST, never on a card click.
            items.Add(Actions([.. e.Links.Take(MaxLinks), .. e.Actions]));
        }

        return Section(items);
    }

    /// <summary>The portals to open, as buttons; the first is the event's main action.</summary>
    private static JsonObject Actions(IReadOnlyList<NoticeLink> links) =>
        new()
        {
            ["type"] = "ActionSet",
            ["actions"] = new JsonArray(
                links
                    .Select(l =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["type"] = "Action.OpenUrl",
                                ["title"] = l.Label,
                                ["url"] = l.Url,
                            }
                    )
                    .ToArray()
            ),
        };

    /// <summary>What is silenced in the tenant now: every digest says it, so a silencing is never silent.</summary>
    private static JsonObject Silenced(IReadOnlyList<string> lines)
    {
        var items = new JsonArray(Text(Run("Silenced in this tenant", weight: "Bolder")));
        foreach (var line in lines)
        {
            items.Add(Spaced(Text(Run("• " + line)), "None"));
        }

        return Section(items);
    }

    /// <summary>
    /// Intune's sync error table that the steps of an ADE sync error refer to ("the table below"): once, after the
    /// events, where the email shows it under each such event. Its rows are the wording module's, fix by message.
    /// </summary>
    private static JsonObject? KnownErrors(IEnumerable<EventNotice> shown)
    {
        if (shown.FirstOrDefault(e => e.KnownErrors.Count > 0) is not { } first)
        {
            return null;
        }

        var items = new JsonArray(Text(Run(first.KnownErrorsTitle, weight: "Bolder")));
        foreach (var known in first.KnownErrors)
        {
            items.Add(Spaced(Text(Run($"\"{known.PortalMessage}\": ", weight: "Bolder"), Run(known.Fix)), "None"));
        }

        return Section(items);
    }

    /// <summary>A block of the card set apart from the one above by a line.</summary>
    private static JsonObject Section(JsonArray items) =>
        new()
        {
            ["type"] = "Container",
            ["separator"] = true,
            ["spacing"] = "Medium",
            ["items"] = items,
        };

    private static JsonObject Spaced(JsonObject element, string spacing)
    {
        element["spacing"] = spacing;
        return element;
    }

    private static JsonObject Text(params JsonObject[] runs) =>
        new() { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(runs.Select(r => (JsonNode)r).ToArray()) };

    private static JsonObject Run(
        string text,
        string? weight = null,
        string? size = null,
        string? color = null,
        bool subtle = false,
        bool small = false
    )
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = CardLiteral.Of(text) };
        if (weight is not null)
        {
            run["weight"] = weight;
        }

        if (small || size is not null)
        {
            run["size"] = small ? "Small" : size;
        }

        if (color is not null)
        {
            run["color"] = color;
        }

        if (subtle)
        {
            run["isSubtle"] = true;
        }

        return run;
    }

    private static string StyleOf(HealthStatus severity) =>
        severity switch
        {
            HealthStatus.Critical => "attention",
            HealthStatus.Warning => "warning",
            HealthStatus.Unknown => "emphasis",
            HealthStatus.Ok => "good",
        };

    private static string ColorOf(HealthStatus severity) =>
        severity switch
        {
            HealthStatus.Critical => "Attention",
            HealthStatus.Warning => "Warning",
            HealthStatus.Unknown => "Accent",
            HealthStatus.Ok => "Good",
        };
}
