using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Incidents;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Infrastructure.Incidents;
using TokenWatch.Integration.Tests.Actions;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Incidents;

/// <summary>
/// Many simulated tenants whose digests and incident summaries go through the real SendGrid client to the fake
/// SendGrid, with ops recipients, action links and the action page on 127.0.0.1; incidents in a table of the test's
/// own, so tests sharing Azurite never see each other's.
/// </summary>
internal sealed class IncidentSite : IAsyncDisposable
{
    public const string Ops = "msp-ops@msp.example";
    private static readonly TimerInfo Timer = new();
    private readonly ActionPageServer _server;

    private IncidentSite(ActionPageServer server, FakeSendGrid sendGrid, TestApp app)
    {
        _server = server;
        SendGrid = sendGrid;
        App = app;
    }

    public TestApp App { get; }
    public FakeSendGrid SendGrid { get; }
    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    public static async Task<IncidentSite> StartAsync(
        AzuriteFixture azurite,
        int tenants,
        bool opsRecipients = true,
        Action<Dictionary<string, string?>>? configure = null
    )
    {
        var server = await ActionPageServer.StartAsync(CancellationToken.None);
        var sendGrid = await FakeSendGrid.StartAsync();
        var app = await TestApp.StartAsync(azurite, tenants, sendGridUrl: sendGrid.Url, configure: s =>
        {
            s["TokenWatch:Actions:PageUrl"] = server.PageUrl;
            s["TokenWatch:Actions:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            s["TokenWatch:Actions:RequestsPerMinute"] = "1000";
            s["TokenWatch:Incidents:Table"] = "Incidents" + Guid.NewGuid().ToString("N")[..12];
            if (opsRecipients)
            {
                s["TokenWatch:Discovery:OpsRecipients:0"] = Ops;
            }

            configure?.Invoke(s);
        });
        server.Serve(app.Services.GetRequiredService<ActionPage>());
        return new IncidentSite(server, sendGrid, app);
    }

    /// <summary>The app restarted on the same storage and clock, and the page served by the restarted app.</summary>
    public async Task RestartAsync()
    {
        await App.RestartAsync(_ => { });
        _server.Serve(App.Services.GetRequiredService<ActionPage>());
    }

    /// <summary>Every tenant healthy (one token of each kind), told as the baseline.</summary>
    public async Task HealthyAsync()
    {
        for (var i = 0; i < App.TenantIds.Count; i++)
        {
            App.Tenant(i).OneOfEach(App.Clock.GetUtcNow());
        }

        await CycleAsync(TimeSpan.Zero);
    }

    /// <summary>Apple reports sync error <paramref name="code"/> on the ADE token of each tenant given.</summary>
    public void SyncError(IEnumerable<int> tenants, int code = 3)
    {
        // The simulator then starts each sync half an hour before its 12-hour mark, and it fails.
        foreach (var tenant in tenants)
        {
            App.Tenant(tenant).AdeTokens[0].LastSyncErrorCode = code;
        }
    }

    /// <summary>The tenant's ADE token syncs again without error from its next 12-hour mark.</summary>
    public void Recover(int tenant) => App.Tenant(tenant).AdeTokens[0].LastSyncErrorCode = 0;

    /// <summary>One poll and one evaluation, as the timer functions run them, <paramref name="after"/> from
    /// now.</summary>
    public async Task CycleAsync(TimeSpan after)
    {
        App.Clock.Advance(after);
        await App.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await App.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
    }

    /// <summary>Mails SendGrid accepted for the ops recipients.</summary>
    public IReadOnlyList<ReceivedMail> Summaries() => SendGrid.Accepted.Where(m => m.Recipients.Contains(Ops)).ToList();

    /// <summary>Mails SendGrid accepted for the tenants' own recipients.</summary>
    public IReadOnlyList<ReceivedMail> Digests() => SendGrid.Accepted.Where(m => !m.Recipients.Contains(Ops)).ToList();

    public static string AcknowledgeAllLink(ReceivedMail summary) =>
        ActionSite.Link(summary.Html, IncidentSummaryEmail.AcknowledgeAllLabel);

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

    /// <summary>The page's tenant lines, as a reader sees them.</summary>
    public static IReadOnlyList<string> TenantLines(string pageHtml) =>
        new HtmlParser().ParseDocument(pageHtml).QuerySelectorAll("#tenants li").Select(li => li.TextContent).ToList();

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(int tenant) =>
        App
            .Services.GetRequiredService<IAlertAudit>()
            .ListAsync(App.TenantIds[tenant], DateTimeOffset.MinValue, CancellationToken.None);

    public async Task<IReadOnlyList<Incident>> OpenIncidentsAsync() =>
        await App.Services.GetRequiredService<IIncidentStore>().ListOpenAsync(CancellationToken.None);

    public ActionTokens Tokens() => App.Services.GetRequiredService<ActionLinks>().Tokens!;

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await _server.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
