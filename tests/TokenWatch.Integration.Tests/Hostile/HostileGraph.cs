using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenWatch.Core.Tokens;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Hostile;

/// <summary>
/// A raw loopback HTTP server at Graph's three paths that answers however a test tells it to, byte by byte: bodies
/// that trickle, never end, inflate to gigabytes, lie about their encoding or repeat keys. Endpoints a test leaves
/// alone answer with one healthy token, far from expiry.
/// </summary>
public sealed class HostileGraph : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly ConcurrentDictionary<TokenKind, RequestDelegate> _answers = new();

    /// <summary>The Graph root to configure as <c>TokenWatch:Graph:BaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests that reached each endpoint.</summary>
    public ConcurrentDictionary<TokenKind, int> Requests { get; } = new();

    public static async Task<HostileGraph> StartAsync()
    {
        var graph = new HostileGraph();
        graph._server = await LoopbackServer.StartAsync(app => app.Run(graph.RouteAsync));
        graph.BaseUrl = graph._server.Url;
        return graph;
    }

    /// <summary>From now on <paramref name="kind"/>'s endpoint answers with <paramref name="answer"/>.</summary>
    public void Answer(TokenKind kind, RequestDelegate answer) => _answers[kind] = answer;

    /// <summary>200 with <paramref name="json"/> as the body.</summary>
    public void AnswerJson(TokenKind kind, string json) =>
        Answer(kind, c => WriteAsync(c, 200, "application/json", Encoding.UTF8.GetBytes(json)));

    private Task RouteAsync(HttpContext context)
    {
        // TokenWatch joins a root without a path as "host//v1.0/…": the slashes around the path do not matter here.
        TokenKind? kind = context.Request.Path.Value?.Trim('/') switch
        {
            "beta/deviceManagement/depOnboardingSettings" => TokenKind.Ade,
            "beta/deviceAppManagement/vppTokens" => TokenKind.Vpp,
            "v1.0/deviceManagement/applePushNotificationCertificate" => TokenKind.Apns,
            _ => null,
        };
        return kind is { } known
            ? AnswerAsync(known, context)
            : WriteAsync(context, 404, "text/plain", Encoding.UTF8.GetBytes($"no such path: {context.Request.Path}"));
    }

    private Task AnswerAsync(TokenKind kind, HttpContext context)
    {
        Requests.AddOrUpdate(kind, 1, (_, n) => n + 1);
        return _answers.TryGetValue(kind, out var answer) ? answer(context) : AnswerJsonAsync(context, Healthy(kind));
    }

    private static Task AnswerJsonAsync(HttpContext context, string json) =>
        WriteAsync(context, 200, "application/json", Encoding.UTF8.GetBytes(json));

    public static async Task WriteAsync(
        HttpContext context,
        int status,
        string contentType,
        byte[] body,
        string? encoding = null
    )
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (encoding is not null)
        {
            context.Response.Headers.ContentEncoding = encoding;
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Headers and the first bytes of a page, then nothing more until the client hangs up.</summary>
    public static async Task StallAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"value\":[", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up: the point of the exercise.
        }
    }

    /// <summary>A page that never ends: whitespace, as fast as the client takes it, until it hangs up.</summary>
    public static async Task EndlessAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"value\":[", context.RequestAborted);
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client hung up.
        }
    }

    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One healthy ADE token's JSON object, for tests that change one field of it.</summary>
    public static string AdeToken(string extra = "") =>
        $$"""
            {"id":"ade-1","tokenName":"Main ABM","appleIdentifier":"abm@contoso.example",
            "tokenExpirationDateTime":"{{Iso(DateTimeOffset.UtcNow.AddDays(200))}}",
            "lastSuccessfulSyncDateTime":"{{Iso(DateTimeOffset.UtcNow.AddHours(-1))}}",
            "lastSyncErrorCode":0,"tokenType":"dep"{{extra}}}
            """;

    public static string VppToken(string state = "valid") =>
        $$"""
            {"id":"vpp-1","organizationName":"Contoso","appleId":"vpp@contoso.example",
            "expirationDateTime":"{{Iso(DateTimeOffset.UtcNow.AddDays(200))}}",
            "lastSyncDateTime":"{{Iso(DateTimeOffset.UtcNow.AddHours(-1))}}",
            "state":"{{state}}","lastSyncStatus":"completed","vppTokenAccountType":"business"}
            """;

    public static string Page(string item) => $$"""{"value":[{{item}}]}""";

    private static string Healthy(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => Page(AdeToken()),
            TokenKind.Vpp => Page(VppToken()),
            _ => $$"""
                {"id":"apns","appleIdentifier":"apns@contoso.example","topicIdentifier":"com.apple.mgmt.External.1",
                "expirationDateTime":"{{Iso(DateTimeOffset.UtcNow.AddDays(300))}}","certificateUploadStatus":"success"}
                """,
        };

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
