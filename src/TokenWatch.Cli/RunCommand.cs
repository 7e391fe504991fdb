using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch run</c>: one poll + evaluate + notify cycle with the app's configuration (cron, containers). Exit 3
/// when a tenant that is watched could not be read or stored, or an evaluation failed; else 0.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var configuration = CliSettings.Build(configFile, new Dictionary<string, string?>());
        // A live progress bar and log lines on one terminal garble each other: under the bar only warnings and errors
        // are logged. Redirected, every log line is kept and the progress comes as plain lines among them.
        var interactive = ProgressReporter.Interactive(
            stderr,
            configuration.GetSection("TokenWatch:Tenants").GetChildren().Count()
        );
        await using var services = CliSettings.Services(
            configuration,
            TokenWatchScope.Full,
            logLevel: interactive ? LogLevel.Warning : LogLevel.Information
        );
        if (!CliSettings.Validate(services, stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var tenants = (await services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken)).Count;
        var pollService = services.GetRequiredService<PollService>();
        var evaluationService = services.GetRequiredService<EvaluationService>();
        var poll = await ProgressReporter.TrackAsync("Polling", tenants, stderr, clock, report =>
            pollService.RunAsync(t => report(t.Failed), cancellationToken)
        );
        var evaluation = await ProgressReporter.TrackAsync("Evaluating", tenants, stderr, clock, report =>
            evaluationService.RunAsync(e => report(e.Error is not null), cancellationToken)
        );
        var paused = poll.UnreadPaused > 0 ? $", {poll.UnreadPaused} of them paused" : "";
        await stdout.WriteLineAsync(
            $"Cycle done: {poll.Tenants} tenants polled ({poll.UnreadTenants} with read failures{paused}, "
                + $"{poll.UnstoredTenants} not stored), {evaluation.DigestsSent} digests sent, "
                + $"{evaluation.FailedTenants} evaluations failed."
        );
        // A paused tenant that cannot be read is expected (one awaiting its admin's consent, one in maintenance):
        // it is stored as not read and shown by status, but nobody is told about it, so it does not fail the run.
        var failed = poll.UnreadTenants - poll.UnreadPaused + poll.UnstoredTenants + evaluation.FailedTenants;
        return failed == 0 ? 0 : (int)HealthStatus.Unknown;
    }
}
