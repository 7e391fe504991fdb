using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>simulate</c>'s action page on 127.0.0.1: the settings file it writes names the page and a signing key made up
/// for this run (a local file, never a repository's), so the digests of <c>run</c> carry links that open it here.
/// </summary>
internal sealed class SimulatedActionPage : IAsyncDisposable
{
    private readonly ActionPageServer _server;
    private ServiceProvider? _services;

    private SimulatedActionPage(ActionPageServer server) => _server = server;

    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>TokenWatch:Actions</c> section of the settings file.</summary>
    public object Settings => new { PageUrl, SigningKey = _signingKey };

    public static async Task<SimulatedActionPage> StartAsync(CancellationToken cancellationToken)
    {
        return new SimulatedActionPage(await ActionPageServer.StartAsync(cancellationToken));
    }

    public string PageUrl => _server.PageUrl;

    /// <summary>Serves the page with the services of the written settings file and says where.</summary>
    public async Task ServeAsync(string configPath, TextWriter stdout, TextWriter stderr)
    {
        var configuration = CliSettings.Build(configPath, new Dictionary<string, string?>());
        _services = CliSettings.Services(configuration, TokenWatchScope.Full);
        if (!CliSettings.Validate(_services, stderr))
        {
            return;
        }

        _server.Serve(_services.GetRequiredService<ActionPage>());
        await stdout.WriteLineAsync(
            $"Action page on {PageUrl}: after 'run', each alert in the digest emails in the outbox folder carries "
                + "Snooze… and Acknowledge… links; open one in a browser while simulate runs."
        );
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
