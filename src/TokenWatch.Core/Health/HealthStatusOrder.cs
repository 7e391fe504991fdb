namespace TokenWatch.Core.Health;

public static class HealthStatusOrder
{
    /// <summary>Roll-up order: critical beats unknown beats warning beats ok.</summary>
    public static int Rank(this HealthStatus status) =>
        status switch
        {
            HealthStatus.Ok => 0,
            HealthStatus.Warning => 1,
            HealthStatus.Unknown => 2,
            HealthStatus.Critical => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };

    public static HealthStatus Worst(this HealthStatus a, HealthStatus b) => a.Rank() >= b.Rank() ? a : b;

    public static HealthStatus Worst(this IEnumerable<HealthStatus> statuses) =>
        statuses.Aggregate(HealthStatus.Ok, Worst);

    public static string ToSlug(this HealthStatus status) =>
        status switch
        {
            HealthStatus.Ok => "ok",
            HealthStatus.Warning => "warning",
            HealthStatus.Critical => "critical",
            HealthStatus.Unknown => "unknown",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
}
