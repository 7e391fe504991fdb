using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

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
