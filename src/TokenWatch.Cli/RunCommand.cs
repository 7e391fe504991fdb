using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Incidents;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch run</c>: one poll + evaluate + notify cycle with the app's configuration (cron, containers). Exit 3
/// when a tenant that is watched could not be read or stored, or an evaluation failed; else 0.
/// </summary>
internal static class RunCommand
{
    /// <param name="logLevel">
    /// <c>--quiet</c> (errors) or <c>--verbose</c> (every step); null: warnings and errors, or what the standard
    /// <c>Logging:LogLevel</c> settings say, so that a cron job mails only when something needs a person.
    /// </param>
    public static async Task<int> RunAsync(
        string? configFile,
        LogLevel? logLevel,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var configuration = CliSettings.Build(configFile, new Dictionary<string, string?>());
        var repeated = new RepeatedFailures();
        await using var services = CliSettings.Services(
            configuration,
            TokenWatchScope.Full,
            s => FoldingLoggerProvider.ReplaceConsole(s, repeated),
            logLevel
        );
        if (!CliSettings.Validate(services, stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var tenants = await WatchedAsync(services, repeated, logLevel, cancellationToken);
        var shown = logLevel switch
        {
            LogLevel.Error => 0,
            < LogLevel.Warning when ProgressReporter.Interactive(stderr, tenants) => 0,
            _ => tenants,
        };
        var pollService = services.GetRequiredService<PollService>();
        var evaluationService = services.GetRequiredService<EvaluationService>();
        var poll = await ProgressReporter.TrackAsync("Polling", shown, stderr, clock, report =>
            pollService.RunAsync(t => report(t.Failed), cancellationToken)
        );
        var evaluation = await ProgressReporter.TrackAsync("Evaluating", shown, stderr, clock, report =>
            evaluationService.RunAsync(e => report(e.Error is not null), cancellationToken)
        );
        await services.GetRequiredService<IncidentService>().RunAsync(cancellationToken); // as EvaluateAlerts does
        return await ReportAsync(poll, evaluation, stdout);
    }

    /// <summary>
    /// How many tenants it will really poll (the catalog's too), so that progress is shown when there are several
    /// (a live bar and log lines on one terminal garble each other, so --verbose on a terminal has the log lines
    /// alone); and, unless only errors are logged, how long each tenant's failures have lasted already.
    /// </summary>
    private static async Task<int> WatchedAsync(
        IServiceProvider services,
        RepeatedFailures repeated,
        LogLevel? logLevel,
        CancellationToken cancellationToken
    )
    {
        var watched = await services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken);
        if (logLevel is not LogLevel.Error)
        {
            await repeated.LoadAsync(
                watched,
                services.GetRequiredService<ITokenStateStore>(),
                services.GetRequiredService<ITokenHistory>(),
                services.GetRequiredService<TimeProvider>().GetUtcNow(),
                cancellationToken
            );
        }

        return watched.Count;
    }

    /// <summary>The summary line; exit 3 when a watched tenant was not read or stored, or not evaluated.</summary>
    private static async Task<int> ReportAsync(PollSummary poll, EvaluationSummary evaluation, TextWriter stdout)
    {
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
