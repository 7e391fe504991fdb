using System.Globalization;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// <c>check --output nagios</c>: the Nagios plugin output that Nagios, Icinga and Checkmk read. The first line is the
/// status and the performance data (<c>TOKENWATCH CRITICAL - 1 critical, … | critical=1 … min_days=12;30:;0:</c>),
/// then the worst items, one a line. <c>min_days</c> carries its thresholds in the plugin guidelines' range syntax:
/// <c>30:</c> warns below 30 days (the global expiry warning), <c>0:</c> is critical once expired.
/// </summary>
internal static class NagiosOutput
{
    /// <summary>Items listed below the status line; the rest are counted (check_nrpe's buffer is small).</summary>
    public const int MaxItems = 20;

    public static IEnumerable<string> Lines(CheckReport report, int expiryWarningDays)
    {
        var tokens = report.Watched.SelectMany(t => t.Tokens).ToList();
        var failures = report.Watched.Sum(t => t.Failures.Count);
        var critical = tokens.Count(t => t.Health == HealthStatus.Critical);
        var warning = tokens.Count(t => t.Health == HealthStatus.Warning);
        var unknown = tokens.Count(t => t.Health == HealthStatus.Unknown) + failures;
        var ok = tokens.Count(t => t.Health == HealthStatus.Ok);
        var perf = Invariant($"critical={critical} warning={warning} unknown={unknown} ok={ok}");
        var minDays = tokens.Where(t => t.DaysUntilExpiry is not null).Select(t => t.DaysUntilExpiry!.Value).ToList();
        if (minDays.Count > 0)
        {
            perf += Invariant($" min_days={minDays.Min()};{expiryWarningDays}:;0:");
        }

        var status = report.Status.ToUpperInvariant();
        yield return $"TOKENWATCH {status} - {critical} critical, {warning} warning, {unknown} unknown | {perf}";
        var items = Items(report).ToList();
        foreach (var item in items.Take(MaxItems))
        {
            yield return item;
        }

        if (items.Count > MaxItems)
        {
            yield return $"… and {items.Count - MaxItems} more (tokenwatch check --output table)";
        }

        var paused = report.Tenants.Where(t => t.Paused).Select(t => Words.Inline(t.DisplayName)).ToList();
        if (paused.Count > 0)
        {
            yield return $"PAUSED (not counted): {string.Join(", ", paused)}";
        }
    }

    /// <summary>Every unread endpoint and every token that is not OK, worst first.</summary>
    private static IEnumerable<string> Items(CheckReport report) =>
        report
            .Watched.SelectMany(tenant =>
                tenant
                    .Failures.Select(f =>
                        (
                            Rank: HealthStatus.Unknown.Rank(),
                            Line: $"UNKNOWN {Words.Inline(tenant.DisplayName)} {f.Kind}: {f.Code}: "
                                + Words.Clean(f.Message, 200)
                        )
                    )
                    .Concat(
                        tenant
                            .Tokens.Where(t => t.Health != HealthStatus.Ok)
                            .Select(t =>
                                (
                                    Rank: t.Health.Rank(),
                                    Line: $"{t.Status.ToUpperInvariant()} {Words.Inline(tenant.DisplayName)} {t.Kind} "
                                        + $"'{Words.Inline(t.Name ?? t.Id)}': {Words.Clean(t.Detail, 200)}"
                                )
                            )
                    )
            )
            .OrderByDescending(i => i.Rank)
            .Select(i => i.Line);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
