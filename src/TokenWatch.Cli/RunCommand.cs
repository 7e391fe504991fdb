using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary><c>tokenwatch run</c>: one poll + evaluate + notify cycle with the app's configuration (cron, containers).</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string? configFile, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var configuration = CliSettings.Build(configFile, new Dictionary<string, string?>());
        await using var services = CliSettings.Services(configuration, TokenWatchScope.Full, logLevel: LogLevel.Information);
        if (!CliSettings.Validate(services, stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var readings = await services.GetRequiredService<PollService>().RunAsync(cancellationToken);
        var evaluations = await services.GetRequiredService<EvaluationService>().RunAsync(cancellationToken);
        var unread = readings.Count(r => r.Failures.Count > 0);
        var failed = evaluations.Count(e => e.Error is not null);
        await stdout.WriteLineAsync(
            $"Cycle done: {readings.Count} tenants polled ({unread} with read failures), {evaluations.Count(e => e.Email is not null)} digests sent, {failed} evaluations failed.");
        return unread + failed == 0 ? 0 : (int)HealthStatus.Unknown;
    }
}
