using System.Globalization;

namespace TokenWatch.Benchmarks;

/// <summary>
/// Prints one run (the measured cycle at each parallelism) as a Markdown table, ready for docs/benchmarks.md.
/// </summary>
internal static class ResultTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, BenchmarkSettings settings, IReadOnlyList<CycleFigures> runs)
    {
        output.WriteLine();
        output.WriteLine(
            $"### {N(settings.Tenants)} tenants · {Ms(settings.Latency)} latency · "
                + $"{settings.ThrottleRate * 100:0.#} % throttled (Retry-After: {settings.RetryAfterSeconds} s)"
        );
        output.WriteLine();
        output.WriteLine("| | " + string.Join(" | ", runs.Select(r => $"parallelism {r.Parallelism}")) + " |");
        output.WriteLine("|---|" + string.Concat(runs.Select(_ => "---:|")));
        Row(output, "Tenants", runs, r => N(r.Tenants));
        Row(output, "Tokens read", runs, r => N(r.Tokens));
        Row(output, "Graph requests (429 answers among them)", runs, r =>
            $"{N(r.Graph.Requests)} ({N(r.Graph.Throttled)})"
        );
        Row(output, "Injected latency per request", runs, r => Ms(r.Latency));
        Row(output, "429 rate (configured / observed)", runs, r =>
            $"{settings.ThrottleRate * 100:0.#} % / "
            + $"{(r.Graph.Requests == 0 ? 0 : 100.0 * r.Graph.Throttled / r.Graph.Requests):0.00} %"
        );
        Row(output, "Parallelism (tenants at once)", runs, r => N(r.Parallelism));
        Row(output, "Wall time: poll", runs, r => S(r.PollWall));
        Row(output, "Wall time: evaluate", runs, r => S(r.EvaluateWall));
        Row(output, "**Wall time: cycle (poll + evaluate)**", runs, r => $"**{S(r.CycleWall)}**");
        Row(output, "Ideal bound: requests × latency ÷ parallelism", runs, r => S(r.IdealBound));
        Row(output, "Wall ÷ bound: poll / cycle", runs, r =>
            $"{Ratio(r.PollWall, r.IdealBound)} / {Ratio(r.CycleWall, r.IdealBound)}"
        );
        Row(output, "Waits the 429s asked for (Σ Retry-After)", runs, r => S(r.Graph.RetryAfterTold));
        Row(output, "Target: 1.3 × bound + Σ Retry-After", runs, r => S(r.Target));
        Row(output, "Table round trips per tenant: poll (transactions + reads + writes)", runs, r =>
            PerTenant(r.PollTable, r.Tenants)
        );
        Row(output, "Table round trips per tenant: evaluate (transactions + reads + writes)", runs, r =>
            PerTenant(r.EvaluateTable, r.Tenants)
        );
        Row(output, "CPU time: poll (this process / Azurite)", runs, r =>
            $"{S(r.PollCpu.Self)} / {S(r.PollCpu.Azurite)}"
        );
        Row(output, "CPU time: evaluate (this process / Azurite)", runs, r =>
            $"{S(r.EvaluateCpu.Self)} / {S(r.EvaluateCpu.Azurite)}"
        );
        Row(output, "CPU time per tenant, cycle: this process (TokenWatch + simulator) / Azurite", runs, r =>
            $"{CpuMs((r.PollCpu.Self + r.EvaluateCpu.Self) / r.Tenants)} / "
            + $"{CpuMs((r.PollCpu.Azurite + r.EvaluateCpu.Azurite) / r.Tenants)}"
        );
        Row(output, "Information log rows per tenant: measured cycle / quiet cycle", runs, r =>
            string.Create(
                Invariant,
                $"{(double)r.MeasuredLogRows / r.Tenants:0.00} / {(double)r.QuietLogRows / r.Tenants:0.00}"
            )
        );
        Row(output, "Quiet cycle: Table round trips per tenant, poll / evaluate", runs, r =>
            $"{PerTenant(r.QuietPollTable, r.Tenants)} / {PerTenant(r.QuietEvaluateTable, r.Tenants)}"
        );
        Row(output, "Quiet cycle: CPU time per tenant, this process / Azurite", runs, r =>
            $"{CpuMs(r.QuietCpu.Self / r.Tenants)} / {CpuMs(r.QuietCpu.Azurite / r.Tenants)}"
        );
        Row(output, "Digests sent (to the outbox folder)", runs, r => N(r.Digests));
        Row(output, "Tenants not read / not stored / not evaluated", runs, r =>
            $"{N(r.UnreadTenants)} / {N(r.UnstoredTenants)} / {N(r.EvaluationErrors)}"
        );
        Row(output, "Peak working set (simulator in the same process; Azurite not)", runs, r =>
            $"{r.PeakWorkingSetBytes / (1024.0 * 1024.0):0} MB"
        );
        Row(
            output,
            $"First cycle, cold (clients, tables, alert baseline; at parallelism {runs.Max(r => r.Parallelism)})",
            runs,
            r => S(r.FirstCycleWall)
        );
        Row(output, "Load average before / after (1, 5, 15 min)", runs, r => $"{r.LoadBefore} / {r.LoadAfter}");
        if (runs.Count > 1)
        {
            var serial = runs.MaxBy(r => r.CycleWall)!;
            Row(output, "Cycle speed-up over the slowest", runs, r => $"{serial.CycleWall / r.CycleWall:0.00}×");
        }
    }

    /// <summary>
    /// The done-means, checked for the first (widest) run against the others; reported, never enforced.
    /// </summary>
    public static void WriteVerdict(TextWriter output, IReadOnlyList<CycleFigures> runs)
    {
        var main = runs[0];
        output.WriteLine();
        output.WriteLine($"Checks for parallelism {main.Parallelism}:");
        output.WriteLine(
            $"- cycle wall {S(main.CycleWall)} vs target {S(main.Target)} (1.3 × {S(main.IdealBound)} + "
                + $"{S(main.Graph.RetryAfterTold)}): {Verdict(main.CycleWall <= main.Target)}"
        );
        foreach (var other in runs.Skip(1))
        {
            var speedUp = other.CycleWall / main.CycleWall;
            output.WriteLine(
                $"- {speedUp:0.00}× faster than parallelism {other.Parallelism} (at least 7×): {Verdict(speedUp >= 7)}"
            );
        }

        output.WriteLine(
            $"- peak working set {main.PeakWorkingSetBytes / (1024.0 * 1024.0):0} MB (under 300 MB): "
                + $"{Verdict(main.PeakWorkingSetBytes < 300L * 1024 * 1024)}"
        );
        // The issue bounds the poll's writes; its reads are reported beside them.
        var pollWrites = (double)(main.PollTable.Transactions + main.PollTable.Writes) / main.Tenants;
        var pollReads = (double)main.PollTable.Reads / main.Tenants;
        output.WriteLine(
            $"- poll: {pollWrites:0.00} Table round trips per tenant for its writes (at most 2), besides "
                + $"{pollReads:0.00} reads: {Verdict(pollWrites <= 2)}"
        );
        // A run also costs a few things once, whatever its size: they are allowed once, not per tenant. The tenant
        // catalog is read by the poll and by the evaluation, a page of up to 1,000 rows a round trip.
        var quietTrips = main.QuietPollTable.Total + main.QuietEvaluateTable.Total;
        var catalogPages = Math.Max(1, (main.Tenants + 999) / 1000);
        var perRun = 1 + 2 * catalogPages;
        output.WriteLine(
            string.Create(
                Invariant,
                $"- quiet cycle: {quietTrips:N0} Table round trips for {main.Tenants:N0} tenants, "
                    + $"{main.QuietRoundTripsPerTenant:0.000} per tenant "
                    + $"(at most 3 per tenant, and once per run the poll's backlog read and {2 * catalogPages} "
                    + $"catalog pages): "
                    + $"{Verdict(quietTrips <= 3L * main.Tenants + perRun)}"
            )
        );
        output.WriteLine(
            string.Create(
                Invariant,
                $"- quiet cycle: {main.QuietLogRows:N0} Information log rows for {main.Tenants:N0} tenants "
                    + $"(at most 1 per tenant, and once per cycle PollStarted, PollCompleted, "
                    + $"EvaluationCompleted): {Verdict(main.QuietLogRows <= main.Tenants + 3)}"
            )
        );
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static void Row(
        TextWriter output,
        string label,
        IReadOnlyList<CycleFigures> runs,
        Func<CycleFigures, string> value
    ) => output.WriteLine($"| {label} | " + string.Join(" | ", runs.Select(value)) + " |");

    private static string PerTenant(TableRequests requests, int tenants) =>
        string.Create(
            Invariant,
            $"{(double)requests.Total / tenants:0.00} ({(double)requests.Transactions / tenants:0.00} + "
                + $"{(double)requests.Reads / tenants:0.00} + {(double)requests.Writes / tenants:0.00})"
        ) + (requests.Tables > 0 ? string.Create(Invariant, $", {requests.Tables} table calls") : "");

    private static string N(long value) => value.ToString("N0", Invariant);

    private static string Ms(TimeSpan value) => string.Create(Invariant, $"{value.TotalMilliseconds:0} ms");

    private static string CpuMs(TimeSpan value) => string.Create(Invariant, $"{value.TotalMilliseconds:0.00} ms");

    private static string S(TimeSpan value) => string.Create(Invariant, $"{value.TotalSeconds:0.00} s");

    private static string Ratio(TimeSpan wall, TimeSpan bound) =>
        bound <= TimeSpan.Zero ? "n/a" : string.Create(Invariant, $"{wall / bound:0.00}");
}
