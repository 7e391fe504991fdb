using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// A pass-through HTTP proxy in front of Azurite that can cut the network exactly between two table transactions
/// (<c>$batch</c> requests), which no timing could do: after <see cref="BatchesToPass"/> more transactions it drops
/// the connection of every further one, as a storage outage would, until <see cref="Heal"/>.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private int _batchesToPass = int.MaxValue;
    private int _writesToPass = int.MaxValue;
    private int _dropped;

    private StorageProxy(Uri target) => _target = target;

    /// <summary>The Azurite connection string, pointed at the proxy.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Transactions dropped so far (each retry of the client counts).</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Lets <paramref name="count"/> more transactions through, then drops every further one.</summary>
    public void CutAfterBatches(int count) => Volatile.Write(ref _batchesToPass, count);

    /// <summary>
    /// Lets <paramref name="count"/> more writes (any request but a read, transactions included) through, then drops
    /// every further one: a process that dies between two writes, as far as storage can tell.
    /// </summary>
    public void CutAfterWrites(int count) => Volatile.Write(ref _writesToPass, count);

    public void Heal()
    {
        Volatile.Write(ref _batchesToPass, int.MaxValue);
        Volatile.Write(ref _writesToPass, int.MaxValue);
    }

    public static async Task<StorageProxy> StartAsync(string azuriteConnectionString)
    {
        var endpoint = azuriteConnectionString
            .Split(';')
            .Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..];
        var target = new Uri(endpoint);
        var proxy = new StorageProxy(target);
        proxy._server = await LoopbackServer.StartAsync(app => app.Run(proxy.ForwardAsync));
        var url = proxy._server.Url;
        proxy.ConnectionString = azuriteConnectionString.Replace(
            target.GetLeftPart(UriPartial.Authority),
            url.TrimEnd('/'),
            StringComparison.Ordinal
        );
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (
            (
                context.Request.Path.Value?.EndsWith("/$batch", StringComparison.Ordinal) == true
                && Interlocked.Decrement(ref _batchesToPass) < 0
            ) || (!HttpMethods.IsGet(context.Request.Method) && Interlocked.Decrement(ref _writesToPass) < 0)
        )
        {
            Interlocked.Increment(ref _dropped);
            context.Abort();
            return;
        }

        using var request = new HttpRequestMessage(
            new HttpMethod(context.Request.Method),
            new Uri(_target.GetLeftPart(UriPartial.Authority) + context.Request.Path + context.Request.QueryString)
        );
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (
                string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
            )
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _client.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (
                !string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)
            )
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _client.Dispose();
    }
}
