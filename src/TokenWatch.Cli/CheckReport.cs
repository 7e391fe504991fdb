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
    public static CheckReport From(
        IEnumerable<(string TenantId, string DisplayName, TenantReading Reading, HealthRules Rules)> readings,
        DateTimeOffset now
    )
    {
        var tenants = readings
            .Select(r => TenantReport.From(r.TenantId, r.DisplayName, r.Reading, r.Rules, now))
            .ToList();
        return new CheckReport(now.UtcDateTime, tenants.Select(t => t.Health).Worst().ToSlug(), tenants);
    }

    /// <summary>The monitoring-plugin exit code: 2 critical, else 3 unknown, else 1 warning, else 0.</summary>
    public int ExitCode => (int)Tenants.Select(t => t.Health).Worst();
}

internal sealed record TenantReport(
    string TenantId,
    string DisplayName,
    string Status,
    ErrorReport? Error,
    IReadOnlyList<ErrorReport> Failures,
    IReadOnlyList<TokenReport> Tokens
)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public HealthStatus Health { get; init; }

    public static TenantReport From(
        string tenantId,
        string displayName,
        TenantReading reading,
        HealthRules rules,
        DateTimeOffset now
    )
    {
        var tokens = reading
            .Tokens.Select(t => TokenReport.From(t, rules.Evaluate(t, now, reading.Tokens), now))
            .ToList();
        var failures = reading.Failures.Select(ErrorReport.From).ToList();
        var health = tokens
            .Select(t => t.Health)
            .Append(failures.Count > 0 ? HealthStatus.Unknown : HealthStatus.Ok)
            .Worst();
        return new TenantReport(tenantId, displayName, health.ToSlug(), failures.FirstOrDefault(), failures, tokens)
        {
            Health = health,
        };
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
    public static ErrorReport From(PollFailure f) =>
        new(f.Kind.ToSlug(), f.Code, f.Message, f.Fix, f.RequestId, f.ClientRequestId);
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
