using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenWatch.Simulator;

/// <summary>
/// A quiet Kestrel server on 127.0.0.1 at a free port: the simulated Intune and every local fake a test talks to
/// (a webhook receiver, SendGrid, a storage proxy, a hostile Graph) start the same way, and only ever on loopback.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:49152</c> (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>
    /// Starts a server whose requests <paramref name="map"/> routes (its endpoints or one handler for all).
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(
        Action<WebApplication> map,
        CancellationToken cancellationToken = default
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new LoopbackServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
