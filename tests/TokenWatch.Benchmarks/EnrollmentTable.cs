using System.Globalization;

namespace TokenWatch.Benchmarks;

/// <summary>The enrollment benchmark's figures, one row per device count, and the checks the issue sets.</summary>
internal static class EnrollmentTable
{
    private static string I(FormattableString text) => FormattableString.Invariant(text);

    private const long PeakLimitBytes = 300L * 1024 * 1024;

    public static void Write(TextWriter output, IReadOnlyList<EnrollmentFigures> runs)
    {
        output.WriteLine();
        output.WriteLine(
            "| Devices | Pages | Scan Graph requests | Bytes | Wall | CPU | Peak working set | Scan Table round trips "
                + "| Stored: devices / failed / unassigned |"
        );
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            output.WriteLine(
                (
                    I($"| {r.Devices:N0} | {r.Pages:N0} | {r.ScanGraphRequests:N0} | {r.ScanBytes:N0} | ")
                    + I($"{r.ScanWall.TotalSeconds:0.00} s | {r.ScanCpu.TotalSeconds:0.00} s | ")
                    + I($"{r.ScanPeakWorkingSetBytes / 1024.0 / 1024.0:0.0} MB | {r.ScanTable.Total} | ")
                    + I($"{r.StoredDevices:N0} / {r.StoredFailed:N0} / {r.StoredUnassigned:N0} |")
                )
            );
        }

        output.WriteLine();
        foreach (var r in runs)
        {
            var fixedFew = r.ScanGraphRequests - r.Pages;
            output.WriteLine(
                (
                    I($"- {r.Devices:N0} devices: requests = {r.Pages} pages + {fixedFew} (connector status, ")
                    + I($"one default profile per platform present); peak working set under 300 MB: ")
                    + I($"{(r.ScanPeakWorkingSetBytes < PeakLimitBytes ? "yes" : "NO")}; quiet hourly cycle of the ")
                    + I($"tenant: {r.QuietPollTable.Total + r.QuietEvaluateTable.Total} Table round trips ")
                    + I($"(poll {r.QuietPollTable.Total}, evaluate {r.QuietEvaluateTable.Total}), ")
                    + I($"{r.QuietPollGraphRequests} Graph requests, {r.QuietLogRows} Information log rows (with ")
                    + "PollStarted, PollCompleted and EvaluationCompleted, once per cycle; with one tenant the "
                    + "cycle's own catalog and backlog reads count here too: the per-tenant cost is the "
                    + "many-tenant run's)"
                )
            );
        }
    }
}
