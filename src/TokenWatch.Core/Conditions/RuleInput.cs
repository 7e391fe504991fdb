using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// What a condition's rule judges: one token, at one instant, against the configured thresholds, beside the other
/// tokens of its tenant (a missing push certificate matters only where there are Apple tokens to manage) and its
/// latest enrollment scan.
/// </summary>
public readonly record struct RuleInput(
    TokenObservation Token,
    DateTimeOffset Now,
    HealthThresholds Thresholds,
    IReadOnlyCollection<TokenObservation> Tenant
)
{
    /// <summary>The tenant's stored enrollment scans and Intune's connector verdicts; null: not read.</summary>
    public TenantEnrollment? Enrollment { get; init; }
}
