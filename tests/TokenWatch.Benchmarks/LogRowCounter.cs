using Microsoft.Extensions.Logging;

namespace TokenWatch.Benchmarks;

/// <summary>
/// Counts the rows TokenWatch logs at Information or above, as Application Insights would ingest them (its default
/// level): the figure behind the log bill. Debug rows are not counted, nor other libraries' rows.
/// </summary>
internal sealed class LogRowCounter : ILoggerProvider
{
    private long _rows;

    public long Rows => Interlocked.Read(ref _rows);

    public ILogger CreateLogger(string categoryName) =>
        new Counting(this, categoryName.StartsWith("TokenWatch", StringComparison.Ordinal));

    public void Dispose() { }

    private sealed class Counting(LogRowCounter counter, bool ours) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => ours && logLevel >= LogLevel.Information;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Increment(ref counter._rows);
            }
        }
    }
}
