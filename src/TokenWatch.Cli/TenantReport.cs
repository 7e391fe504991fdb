using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

internal sealed record TenantReport(
    string TenantId,
    string DisplayName,
    string Status,
    bool Paused,
    string Summary,
    ErrorReport? Error,
    IReadOnlyList<ErrorReport> Failures,
    IReadOnlyList<TokenReport> Tokens
)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public HealthStatus Health { get; init; }

    public static TenantReport From(TenantCheck check, DateTimeOffset now)
    {
        var reading = check.Reading;
        var tokens = reading
            .Tokens.Select(t => Judged(t, check, now))
            .OrderByDescending(t => t.Health.Rank())
            .ThenBy(t => t.DaysUntilExpiry ?? int.MaxValue)
            .ToList();
        var failures = reading.Failures.Select(f => ErrorReport.From(f, reading.TenantId)).ToList();
        var health = tokens
            .Select(t => t.Health)
            .Append(failures.Count > 0 ? HealthStatus.Unknown : HealthStatus.Ok)
            .Worst();
        return new TenantReport(
            check.TenantId,
            check.DisplayName,
            health.ToSlug(),
            check.Paused,
            Summarise(tokens, failures.Count, check.Paused),
            failures.FirstOrDefault(),
            failures,
            tokens
        )
        {
            Health = health,
        };
    }

    private static TokenReport Judged(TokenObservation token, TenantCheck check, DateTimeOffset now)
    {
        var health = check.Rules.Evaluate(token, now, check.Reading.Tokens, check.Enrollment);
        return TokenReport.From(token, health, now, EnrollmentReport.From(token, check.Enrollment, health));
    }

    /// <summary>The tenant in one line: "1 critical, 0 warning, 1 unknown, 2 ok of 4 tokens; 1 endpoint not read".
    /// </summary>
    private static string Summarise(List<TokenReport> tokens, int failures, bool paused)
    {
        int Count(HealthStatus s) => tokens.Count(t => t.Health == s);
        var counts =
            $"{Count(HealthStatus.Critical)} critical, {Count(HealthStatus.Warning)} warning, "
            + $"{Count(HealthStatus.Unknown)} unknown, {Count(HealthStatus.Ok)} ok "
            + $"of {Plural.Of(tokens.Count, "token")}";
        var unread = failures > 0 ? $"; {Plural.Of(failures, "endpoint")} not read" : "";
        return (paused ? "paused (not counted): " : "") + counts + unread;
    }
}
