using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>A local HTTP endpoint that plays SendGrid's v3 mail send API for the real SendGrid client.</summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly ConcurrentQueue<(
        int Status,
        string Body,
        string? RetryAfter,
        IReadOnlyDictionary<string, string>? Headers
    )> _responses = new();

    public string Url { get; private set; } = "";

    /// <summary>Every accepted or refused request, in order: the JSON body SendGrid would have received.</summary>
    public ConcurrentQueue<ReceivedMail> Requests { get; } = new();

    public IReadOnlyList<ReceivedMail> Accepted => Requests.Where(r => r.Status == 202).ToList();

    private int _gets;

    /// <summary>GET requests to the send path (no client should ever make one).</summary>
    public int Gets => Volatile.Read(ref _gets);

    /// <summary>
    /// A scripted status that answers nothing: the connection is dropped, as when SendGrid cannot be reached.
    /// </summary>
    public const int Unreachable = 0;

    /// <summary>A scripted status that never answers: headers never come, until the client gives up.</summary>
    public const int Silent = -1;

    /// <summary>Like <see cref="Silent"/>, and says when a request starts hanging.</summary>
    public const int Hang = -2;

    private readonly SemaphoreSlim _hanging = new(0);

    /// <summary>
    /// Completes when a request starts hanging (<see cref="Hang"/>), so a test can move its clock on then.
    /// </summary>
    public Task WaitForHangAsync(CancellationToken cancellationToken) => _hanging.WaitAsync(cancellationToken);

    /// <summary>
    /// While set, every request gets this answer (<see cref="Unreachable"/>: the connection is dropped), scripted ones
    /// or not.
    /// </summary>
    public int? Outage { get; set; }

    /// <summary>
    /// Scripts the next answers (then 202 again); <paramref name="headers"/> adds response headers such as
    /// X-RateLimit-Reset.
    /// </summary>
    public void Respond(
        int status,
        string body = "",
        string? retryAfter = null,
        int times = 1,
        IReadOnlyDictionary<string, string>? headers = null
    )
    {
        for (var i = 0; i < times; i++)
        {
            _responses.Enqueue((status, body, retryAfter, headers));
        }
    }

    public static async Task<FakeSendGrid> StartAsync()
    {
        var fake = new FakeSendGrid();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/mail/send", fake.HandleAsync);
            app.MapGet("/v3/mail/send", () =>
            {
                // A GET is what a followed 302 would turn the send into; answered 200 as a careless server would.
                Interlocked.Increment(ref fake._gets);
                return Results.Ok();
            });
        });
        fake.Url = fake._server.Url;
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var (status, responseBody, retryAfter, headers) =
            Outage is { } outage
                ? (outage, """{"errors":[{"message":"service unavailable"}]}""", outage == 429 ? "3600" : null, null)
            : _responses.TryDequeue(out var scripted) ? scripted
            : (202, "", null, null);
        Requests.Enqueue(
            new ReceivedMail(
                status,
                context.Request.Headers.Authorization.ToString(),
                JsonDocument.Parse(body).RootElement.Clone()
            )
            {
                Raw = body,
            }
        );
        if (status == Unreachable)
        {
            context.Abort();
            return;
        }

        if (status is Silent or Hang)
        {
            if (status == Hang)
            {
                _hanging.Release();
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted)
                .ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(responseBody, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _hanging.Dispose();
    }
}
