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
    string? Detail,
    EnrollmentReport? Enrollment = null
)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public HealthStatus Health { get; init; }

    /// <summary>The token as judged; an ADE token's enrollment scan that failed makes it unknown, never
    /// healthy.</summary>
    public static TokenReport From(TokenObservation t, TokenHealth health, DateTimeOffset at, EnrollmentReport? scan) =>
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
            health.Status.Worst(scan?.Health ?? HealthStatus.Ok).ToSlug(),
            health.Reasons.Select(r => r.Code).ToList(),
            Sentences(t, health, at, scan),
            scan
        )
        {
            Health = health.Status.Worst(scan?.Health ?? HealthStatus.Ok),
        };

    private static string? Sentences(TokenObservation t, TokenHealth health, DateTimeOffset at, EnrollmentReport? scan)
    {
        var sentences = health.Reasons.Select(r => ConditionWording.Sentence(r, t, at)).ToList();
        if (scan?.Failure is { } failure)
        {
            sentences.Add($"The enrollment scan is unknown: {failure}");
        }

        return sentences.Count == 0 ? null : string.Join(" ", sentences);
    }
}
