using Spectre.Console;

namespace TokenWatch.Cli;

/// <summary>
/// Runs work over tenants with bounded parallelism and shows progress to people: a progress bar on an
/// interactive terminal, nothing on redirected output (where stdout must stay clean for JSON and scripts).
/// </summary>
internal static class ProgressReporter
{
    public static async Task<IReadOnlyList<TResult>> ForEachAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, int parallelism, Func<TItem, CancellationToken, Task<TResult>> work, TextWriter stderr, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        var interactive = stderr == Console.Error && !Console.IsErrorRedirected && items.Count > 1;
        if (!interactive)
        {
            await RunAsync(items, parallelism, work, results, () => { }, cancellationToken);
            return results;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Reading {items.Count} tenants", maxValue: items.Count);
                await RunAsync(items, parallelism, work, results, () => task.Increment(1), cancellationToken);
            });
        return results;
    }

    private static Task RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, int parallelism, Func<TItem, CancellationToken, Task<TResult>> work, TResult[] results, Action done, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await work(items[i], ct);
                done();
            });
}
