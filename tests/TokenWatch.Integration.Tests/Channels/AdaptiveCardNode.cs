using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A Teams message's card rendered by the official Adaptive Cards library (<c>adaptivecards</c>, from <c>npm ci</c>)
/// under Node, which the tests need anyway for Azurite: the library's own text processing (its <c>{{DATE()}}</c> and
/// <c>{{TIME()}}</c> formatters) runs as in a browser, over a DOM of the few calls its text elements make. The text
/// the card would show comes back. Chromium renders the same card where it is installed.
/// </summary>
internal static class AdaptiveCardNode
{
    private const string Harness = """
        class Node {
          constructor(tag) { this.tag = tag; this.children = []; this.text = ''; this.attributes = {};
            this.style = { removeProperty() {}, setProperty() {} };
            this.classList = { add() {}, remove() {}, contains() { return false; } }; }
          appendChild(c) { this.children.push(c); return c; }
          insertBefore(c) { this.children.push(c); return c; }
          removeChild(c) { this.children = this.children.filter(x => x !== c); return c; }
          setAttribute(k, v) { this.attributes[k] = v; }
          getAttribute(k) { return this.attributes[k]; }
          removeAttribute(k) { delete this.attributes[k]; }
          addEventListener() {}
          getElementsByTagName() { return []; }
          querySelectorAll() { return []; }
          set innerText(v) { this.text = v; this.children = []; }
          get innerText() { return this.textContent; }
          set textContent(v) { this.text = v; this.children = []; }
          get textContent() { return this.text + this.children.map(c => c.textContent).join(''); }
          get firstChild() { return this.children[0]; }
          get firstElementChild() { return this.children[0]; }
          get lastChild() { return this.children[this.children.length - 1]; }
          get childNodes() { return this.children; }
        }
        globalThis.window = globalThis;
        for (const name of ['HTMLElement', 'HTMLButtonElement', 'HTMLInputElement', 'HTMLAnchorElement']) {
          globalThis[name] = Node;
        }
        globalThis.document = {
          createElement: tag => new Node(tag),
          createTextNode: text => { const n = new Node('#text'); n.text = text; return n; },
          body: new Node('body'),
        };
        const fs = require('fs');
        const AdaptiveCards = require(process.argv[2]);
        const message = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
        const card = new AdaptiveCards.AdaptiveCard();
        card.parse(message.attachments[0].content);
        process.stdout.write(card.render().textContent);
        """;

    /// <summary>The text the rendered card shows, in order, as one string.</summary>
    public static async Task<string> RenderTextAsync(JsonObject message, string folder)
    {
        var script = Path.Combine(folder, "render-card.js");
        var card = Path.Combine(folder, "card.json");
        await File.WriteAllTextAsync(script, Harness);
        await File.WriteAllTextAsync(card, JsonSerializer.Serialize(message));
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in new[] { script, AdaptiveCardPage.Library.Replace(".min.js", ".js"), card })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }
}
