using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// A local HTTP endpoint that plays a Teams Workflows webhook or a PSA's webhook receiver: it records every request
/// (headers and the exact body bytes), whatever its method, and answers 202, or what the test scripted.
/// </summary>
public sealed class FakeEndpoint : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter, string? Location)> _responses =
        new();

    /// <summary>The URL to configure; its query plays the signature a Workflows URL carries.</summary>
    public string Url { get; private set; } = "";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Run before each answer: a slow receiver moves the fake clock on by its delay here.</summary>
    public Action? BeforeAnswer { get; set; }

    public IReadOnlyList<ReceivedRequest> Accepted => Requests.Where(r => r.Status is >= 200 and < 300).ToList();

    /// <summary>The next answers: <paramref name="location"/> makes a redirect point somewhere.</summary>
    public void Respond(int status, string body = "", string? retryAfter = null, int times = 1, string? location = null)
    {
        for (var i = 0; i < times; i++)
        {
            _responses.Enqueue((status, body, retryAfter, location));
        }
    }

    public static async Task<FakeEndpoint> StartAsync(
        string path = "/workflows/abc/triggers/manual/paths/invoke",
        string query = "?sig=not-a-real-signature"
    )
    {
        var fake = new FakeEndpoint();
        // Any method: a followed 301/302 arrives as a GET, and a test that no request went elsewhere must see it.
        fake._server = await LoopbackServer.StartAsync(app => app.Map(path, fake.HandleAsync));
        fake.Url = fake._server.Url + path + query;
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var (status, answer, retryAfter, location) = _responses.TryDequeue(out var scripted)
            ? scripted
            : (202, "", null, null);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key,
            h => h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase
        );
        Requests.Enqueue(new ReceivedRequest(status, headers, body.ToArray()));
        BeforeAnswer?.Invoke();
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (location is not null)
        {
            context.Response.Headers.Location = location;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
