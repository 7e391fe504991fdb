using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace TokenWatch.Cli;

/// <summary>
/// The console logger of <c>run</c>, with a poll failure that repeats the previous polls' written as one short
/// line (<see cref="RepeatedFailures"/>). Only the text on the console changes: the event, its id and its fields
/// are logged as they are.
/// </summary>
internal sealed class FoldingLoggerProvider(ILoggerProvider console, RepeatedFailures failures) : ILoggerProvider
{
    private static readonly HashSet<string> PollFailures = ["TenantPollFailed", "PausedTenantPollFailed"];

    /// <summary>Puts the folding logger in place of the console logger registered before.</summary>
    public static void ReplaceConsole(IServiceCollection services, RepeatedFailures failures)
    {
        services.AddSingleton(failures);
        var registered = services.Single(d =>
            d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)
        );
        services.Remove(registered);
        services.AddSingleton<ILoggerProvider>(sp => new FoldingLoggerProvider(
            ActivatorUtilities.CreateInstance<ConsoleLoggerProvider>(sp),
            failures
        ));
    }

    public ILogger CreateLogger(string categoryName) => new Folding(console.CreateLogger(categoryName), failures);

    public void Dispose() => console.Dispose();

    private sealed class Folding(ILogger inner, RepeatedFailures failures) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            if (
                eventId.Name is { } name
                && PollFailures.Contains(name)
                && state is IReadOnlyList<KeyValuePair<string, object?>> fields
                && failures.Folded(fields) is { } folded
            )
            {
                inner.Log(logLevel, eventId, state, exception, (_, _) => folded);
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
