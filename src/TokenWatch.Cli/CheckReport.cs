using TokenWatch.Core.Health;

namespace TokenWatch.Cli;

/// <summary>The result of <c>tokenwatch check</c>, shaped as its JSON output.</summary>
internal sealed record CheckReport(DateTime CheckedAt, string Status, IReadOnlyList<TenantReport> Tenants)
{
    /// <param name="readings">
    /// Each tenant's reading, judged by that tenant's rules (its own thresholds or the global ones).
    /// </param>
    public static CheckReport From(IEnumerable<TenantCheck> readings, DateTimeOffset now)
    {
        var tenants = readings
            .Select(r => TenantReport.From(r, now))
            .OrderBy(t => t.Paused)
            .ThenByDescending(t => t.Health.Rank())
            .ThenBy(t => t.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var status = tenants.Where(t => !t.Paused).Select(t => t.Health).Worst();
        return new CheckReport(now.UtcDateTime, status.ToSlug(), tenants);
    }

    /// <summary>
    /// The tenants that count: a paused one (awaiting its admin's consent, in maintenance) is shown but, as in
    /// <c>run</c>, neither raises nor hides anything.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<TenantReport> Watched => Tenants.Where(t => !t.Paused);

    /// <summary>The monitoring-plugin exit code: 2 critical, else 3 unknown, else 1 warning, else 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int ExitCode => (int)Watched.Select(t => t.Health).Worst();
}
