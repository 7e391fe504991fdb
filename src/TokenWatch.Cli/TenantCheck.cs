using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;

namespace TokenWatch.Cli;

/// <summary>One tenant as <c>check</c> read it, with the rules it is judged by.</summary>
internal sealed record TenantCheck(
    string TenantId,
    string DisplayName,
    bool Paused,
    TenantReading Reading,
    HealthRules Rules
)
{
    /// <summary>The tenant's enrollment scan as <c>check</c> ran it; null when it was not run.</summary>
    public TenantEnrollment? Enrollment { get; init; }
}
