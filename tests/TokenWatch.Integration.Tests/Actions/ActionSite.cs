using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// A test app whose digests carry action links, the action page served on 127.0.0.1 by the command line's server,
/// and an HTTP client that follows those links as a browser would (GET the page, POST its form).
/// </summary>
internal sealed class ActionSite : IAsyncDisposable
{
    private static readonly TimerInfo Timer = new();
    private readonly ActionPageServer _server;

    private ActionSite(ActionPageServer server, TestApp app, string outbox)
    {
        _server = server;
        App = app;
        Outbox = outbox;
    }

    public TestApp App { get; }
    public string Outbox { get; }
    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>The site on <paramref name="azurite"/>, or on <paramref name="storage"/> (a proxy).</summary>
    public static async Task<ActionSite> StartAsync(
        AzuriteFixture azurite,
        int tenants = 1,
        int perMinute = 1000,
        string? storage = null
    )
    {
        var server = await ActionPageServer.StartAsync(CancellationToken.None);
        var outbox = Directory.CreateTempSubdirectory("tokenwatch-actions-").FullName;
        string? key = null;
        var app = await TestApp.StartAsync(storage ?? azurite.ConnectionString, tenants, outbox: outbox, configure: s =>
        {
            s["TokenWatch:Actions:PageUrl"] = server.PageUrl;
            s["TokenWatch:Actions:SigningKey"] = key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            s["TokenWatch:Actions:RequestsPerMinute"] = perMinute.ToString(
                System.Globalization.CultureInfo.InvariantCulture
            );
            s["TokenWatch:Routing:Teams"] = "all";
            s["TokenWatch:Routing:Webhook"] = "all";
            s["TokenWatch:Webhook:Secret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        });
        server.Serve(app.Services.GetRequiredService<ActionPage>());
        var site = new ActionSite(server, app, outbox);
        site.SigningKey = key!;
        return site;
    }

    public string SigningKey { get; private set; } = "";

    public async Task CycleAsync(TimeSpan after)
    {
        App.Clock.Advance(after);
        await App.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await App.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
    }

    /// <summary>Every file the channels wrote so far: emails, Teams cards, webhook requests.</summary>
    public string[] Written() => Directory.GetFiles(Outbox).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The newest email's HTML.</summary>
    public string NewestEmail() =>
        File.ReadAllText(Directory.GetFiles(Outbox, "*.html").OrderBy(File.GetLastWriteTimeUtc).Last());

    /// <summary>The address of the link labelled <paramref name="label"/> in an email's HTML.</summary>
    public static string Link(string html, string label) =>
        new HtmlParser()
            .ParseDocument(html)
            .QuerySelectorAll("a")
            .First(a => a.TextContent.Trim() == label)
            .GetAttribute("href")!;

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Html)> PostAsync(string url, Dictionary<string, string> form)
    {
        using var response = await Http.PostAsync(url, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The hidden fields of a page's form, with a reason and a choice filled in.</summary>
    public static Dictionary<string, string> Form(string pageHtml, string reason, string? choice = null)
    {
        var document = new HtmlParser().ParseDocument(pageHtml);
        var form = document
            .QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        form["reason"] = reason;
        if (choice is not null)
        {
            form["choice"] = choice;
        }

        return form;
    }

    public Task<StoredLedger> LedgerAsync(int tenant = 0) =>
        App.Services.GetRequiredService<IAlertLedgerStore>().LoadAsync(App.TenantIds[tenant], CancellationToken.None);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(int tenant = 0) =>
        App
            .Services.GetRequiredService<IAlertAudit>()
            .ListAsync(App.TenantIds[tenant], DateTimeOffset.MinValue, CancellationToken.None);

    public ActionTokens Tokens() => App.Services.GetRequiredService<ActionLinks>().Tokens!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(Outbox, recursive: true);
    }
}
