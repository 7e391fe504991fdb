using System.Globalization;
using Spectre.Console;

namespace TokenWatch.Cli;

/// <summary>
/// Shows people how far work over many tenants has come, always on stderr so that stdout stays clean for JSON and
/// scripts: a progress bar (tenants done and failed, elapsed time) on an interactive terminal, and plain lines when
/// stderr is redirected to a file or a pipe, where a redrawn bar would be noise: one line each time another tenth of
/// the tenants is done, the last one when all are. A single tenant gets neither.
/// </summary>
internal static class ProgressReporter
{
    /// <summary>
    /// True when stderr is a terminal a person watches and there is more than one tenant to wait for.
    /// </summary>
    public static bool Interactive(TextWriter stderr, int tenants) =>
        stderr == Console.Error && !Console.IsErrorRedirected && tenants > 1;

    /// <summary>
    /// Runs <paramref name="work"/>, which calls the given report once per tenant it finishes (true: that tenant
    /// failed), from any thread.
    /// </summary>
    public static async Task<T> TrackAsync<T>(
        string activity,
        int tenants,
        TextWriter stderr,
        TimeProvider clock,
        Func<Action<bool>, Task<T>> work
    )
    {
        if (tenants <= 1)
        {
            // One tenant is done as soon as anything could be said about it.
            return await work(_ => { });
        }

        if (!Interactive(stderr, tenants))
        {
            var lines = new ProgressLines(activity, tenants, stderr, clock);
            return await work(lines.Report);
        }

        return await BarAsync(activity, tenants, work);
    }

    /// <summary>The interactive form: a bar redrawn on stderr as each tenant is done.</summary>
    private static async Task<T> BarAsync<T>(string activity, int tenants, Func<Action<bool>, Task<T>> work)
    {
        var result = default(T)!;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console
            .Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn()
            )
            .StartAsync(async context =>
            {
                var counts = new ProgressCounts();
                var task = context.AddTask(
                    Markup.Escape(ProgressCounts.Describe(activity, tenants, 0, 0)),
                    maxValue: tenants
                );
                result = await work(failed =>
                {
                    lock (task)
                    {
                        var (done, failures) = counts.Add(failed);
                        task.Description = Markup.Escape(ProgressCounts.Describe(activity, tenants, done, failures));
                        task.Increment(1);
                    }
                });
            });
        return result;
    }

    /// <summary>
    /// Runs <paramref name="work"/> over <paramref name="items"/>, at most <paramref name="parallelism"/> at once, with
    /// progress; results in item order.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> ForEachAsync<TItem, TResult>(
        string activity,
        IReadOnlyList<TItem> items,
        int parallelism,
        Func<TItem, CancellationToken, Task<TResult>> work,
        Func<TResult, bool> failed,
        TextWriter stderr,
        TimeProvider clock,
        CancellationToken cancellationToken
    )
    {
        var results = new TResult[items.Count];
        await TrackAsync(activity, items.Count, stderr, clock, async report =>
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    results[i] = await work(items[i], ct);
                    report(failed(results[i]));
                }
            );
            return true;
        });
        return results;
    }

    /// <summary>Tenants done and failed so far, counted from any thread.</summary>
    private sealed class ProgressCounts
    {
        private int _done;
        private int _failed;

        public (int Done, int Failed) Add(bool failed)
        {
            if (failed)
            {
                Interlocked.Increment(ref _failed);
            }

            var done = Interlocked.Increment(ref _done);
            return (done, Volatile.Read(ref _failed));
        }

        public static string Describe(string activity, int tenants, int done, int failed) =>
            string.Create(CultureInfo.InvariantCulture, $"{activity}: {done}/{tenants} tenants, {failed} failed");
    }

    /// <summary>
    /// The redirected form: a line per tenth of the tenants (so 10 lines for 10,000 tenants as for 10).
    /// </summary>
    private sealed class ProgressLines(string activity, int tenants, TextWriter stderr, TimeProvider clock)
    {
        private readonly ProgressCounts _counts = new();
        private readonly long _started = clock.GetTimestamp();
        private readonly object _writeLock = new();
        private int _tenthsShown;

        public void Report(bool failed)
        {
            lock (_writeLock)
            {
                var (done, failures) = _counts.Add(failed);
                var tenths = tenants == 0 ? 10 : done * 10 / tenants;
                if (tenths <= _tenthsShown)
                {
                    return;
                }

                _tenthsShown = tenths;
                var elapsed = clock.GetElapsedTime(_started).TotalSeconds;
                stderr.WriteLine(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{ProgressCounts.Describe(activity, tenants, done, failures)}, {elapsed:0.0} s elapsed"
                    )
                );
            }
        }
    }
}
