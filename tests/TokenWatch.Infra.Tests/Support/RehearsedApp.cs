using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Functions;
using TokenWatch.Infrastructure;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The Functions app's service container (<c>AddTokenWatch</c>, as src/TokenWatch.Functions/Program.cs builds it)
/// started in a generic host with the settings App Service would hand it: options validated on start, hosted
/// services run. Only the worker's gRPC channel to the Functions host and the telemetry exporter are left out, as
/// they would reach out of this machine.
/// </summary>
internal sealed class RehearsedApp : IAsyncDisposable
{
    private RehearsedApp(IHost host) => Host = host;

    public IHost Host { get; }

    public IReadOnlyList<FakeLogRecord> Logs => Host.Services.GetFakeLogCollector().GetSnapshot();

    public static async Task<RehearsedApp> StartAsync(IReadOnlyDictionary<string, string> appSettings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings()
        );
        builder.Configuration.AddInMemoryCollection(AsConfiguration(appSettings));
        builder.Services.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Information));
        builder.Services.AddTokenWatch(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync(CancellationToken.None);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RehearsedApp(host);
    }

    /// <summary>
    /// The container of the Functions app's own registration (telemetry included), built but not started: started,
    /// the exporter would send to Azure.
    /// </summary>
    public static IHost BuildFunctionsHost(
        IReadOnlyDictionary<string, string> appSettings,
        Action<IServiceCollection>? outerEdge = null
    )
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings()
        );
        builder.Configuration.AddInMemoryCollection(AsConfiguration(appSettings));
        // Fakes at the outer edge (a clock, a client pointed at a local endpoint) are registered first and kept.
        outerEdge?.Invoke(builder.Services);
        builder.AddTokenWatchFunctions();
        return builder.Build();
    }

    /// <summary>A function class as the worker creates one per invocation.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Host.Services);

    /// <summary>Environment variables: `__` separates sections, as the worker's configuration reads them.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> AsConfiguration(
        IReadOnlyDictionary<string, string> appSettings
    ) =>
        appSettings.Select(s =>
            KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)
        );

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
