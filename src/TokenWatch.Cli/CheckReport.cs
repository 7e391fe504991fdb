using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

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

/// <summary>One tenant as <c>check</c> read it, with the rules it is judged by.</summary>
internal sealed record TenantCheck(
    string TenantId,
    string DisplayName,
    bool Paused,
    TenantReading Reading,
    HealthRules Rules
);

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
            .Tokens.Select(t => TokenReport.From(t, check.Rules.Evaluate(t, now, reading.Tokens), now))
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

internal sealed record ErrorReport(
    string Kind,
    string Code,
    string Message,
    string Fix,
    string? RequestId,
    string? ClientRequestId
)
{
    public static ErrorReport From(PollFailure f, string tenantId) =>
        new(f.Kind.ToSlug(), f.Code, f.Message, FailureFixes.Sentence(f, tenantId), f.RequestId, f.ClientRequestId);
}

internal sealed record TokenReport(
    string Kind,
    string Id,
    string? Name,
    string? Organization,
    string? Location,
    string? AppleId,
    DateTime? ExpiresAt,
    int? DaysUntilExpiry,
    DateTime? LastSyncAt,
    int? SyncError,
    string? State,
    string Status,
    IReadOnlyList<string> Reasons,
    string? Detail
)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public HealthStatus Health { get; init; }

    public static TokenReport From(TokenObservation t, TokenHealth health, DateTimeOffset at) =>
        new(
            t.Kind.ToSlug(),
            t.Id,
            t.Name,
            t.Organization,
            t.Location,
            t.AppleId,
            t.ExpiresAt?.UtcDateTime,
            health.DaysUntilExpiry,
            t.LastSyncAt?.UtcDateTime,
            t.SyncErrorCode,
            t.State,
            health.Status.ToSlug(),
            health.Reasons.Select(r => r.Code).ToList(),
            health.Reasons.Count == 0
                ? null
                : string.Join(" ", health.Reasons.Select(r => ConditionWording.Sentence(r, t, at)))
        )
        {
            Health = health.Status,
        };
}
