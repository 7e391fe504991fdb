using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>
/// What <c>check</c> shows of an ADE token's enrollment scan (its JSON <c>enrollment</c> object): when it ran, the
/// devices, those unassigned, failed, blocked and pending a reset, the platforms without a default profile and sample
/// serials per problem. A scan that failed is <c>unknown</c> with its cause, never <c>ok</c>.
/// </summary>
internal sealed record EnrollmentReport(
    string Status,
    DateTime? ScannedAt,
    int Devices,
    int Unassigned,
    int Failed,
    int Blocked,
    int PendingReset,
    IReadOnlyList<string> NoDefaultProfile,
    EnrollmentSamples Samples,
    string? Failure
)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public HealthStatus Health { get; init; }

    /// <summary>The token's scan as <paramref name="enrollment"/> holds it; null for a token that has none to
    /// show (not ADE, or the scan was not run).</summary>
    public static EnrollmentReport? From(TokenObservation token, TenantEnrollment? enrollment, TokenHealth health)
    {
        if (token.Kind != TokenKind.Ade || enrollment?.Token(token.Id) is not { } stored)
        {
            return null;
        }

        var status = stored.IsUnknown
            ? HealthStatus.Unknown
            : health.Reasons.Where(r => r.Condition.Describe().FromScan).Select(r => r.Status).Worst();
        var scan = stored.IsUnknown ? null : stored.LastComplete;
        return new EnrollmentReport(
            status.ToSlug(),
            scan?.ScannedAt.UtcDateTime,
            scan?.Devices ?? 0,
            scan?.Unassigned ?? 0,
            scan?.Count(EnrollmentStates.Failed) ?? 0,
            scan?.Count(EnrollmentStates.Blocked) ?? 0,
            scan?.Count(EnrollmentStates.PendingReset) ?? 0,
            scan?.Platforms.Where(p => p.HasDefaultProfile == false).Select(p => p.Platform).ToList() ?? [],
            scan?.Samples ?? EnrollmentSamples.None,
            stored.IsUnknown ? stored.Failure?.Message ?? "No enrollment scan completed." : null
        )
        {
            Health = status,
        };
    }
}
