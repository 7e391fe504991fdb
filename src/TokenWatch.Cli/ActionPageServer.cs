using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// The action page on 127.0.0.1 for <c>demo</c> and <c>simulate</c>, the same <see cref="ActionPage"/> the
/// <c>ActOnAlert</c> function serves. The page is handed over once the services that know the server's address are
/// built; until then the server answers 503.
/// </summary>
internal sealed class ActionPageServer : IAsyncDisposable
{
    public const string Path = "/act";
    private const int MaxFormBytes = 16 * 1024;

    /// <summary>Nothing stands in front of this server: a client's X-Forwarded-For is its own text, ignored.</summary>
    private static readonly ActionClientAddress Clients = new(behindFrontEnd: false);
    private readonly LoopbackServer _server;
    private ActionPage? _page;

    private ActionPageServer(LoopbackServer server) => _server = server;

    /// <summary>The page's address, for <c>TokenWatch:Actions:PageUrl</c>.</summary>
    public string PageUrl => _server.Url + Path;

    public static async Task<ActionPageServer> StartAsync(CancellationToken cancellationToken)
    {
        ActionPageServer? started = null;
        var server = await LoopbackServer.StartAsync(
            app => app.Map(Path, (HttpContext context) => started!.HandleAsync(context)),
            cancellationToken
        );
        started = new ActionPageServer(server);
        return started;
    }

    public void Serve(ActionPage page) => _page = page;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (_page is null)
        {
            context.Response.StatusCode = 503;
            return;
        }

        var http = context.Request;
        var form = await ActionPageForms.ReadAsync(http.Body, MaxFormBytes, context.RequestAborted);
        var request = new ActionPageRequest(
            http.Method,
            http.Query["t"].FirstOrDefault(),
            form,
            Clients.Of(
                http.Headers[ActionClientAddress.ForwardedForHeader],
                context.Connection.RemoteIpAddress?.ToString()
            ),
            http.Headers[ActionPageRequest.PrincipalNameHeader].FirstOrDefault()
        );
        var answer = await _page.HandleAsync(request, context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = ActionPageResponse.ContentType;
        foreach (var (name, value) in ActionPageResponse.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(answer.Html, context.RequestAborted);
    }
}
