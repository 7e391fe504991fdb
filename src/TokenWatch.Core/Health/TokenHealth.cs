using TokenWatch.Core.Conditions;

namespace TokenWatch.Core.Health;

/// <summary>The judgement of one token at one instant.</summary>
public sealed record TokenHealth(HealthStatus Status, IReadOnlyList<HealthReason> Reasons, int? DaysUntilExpiry)
{
    public bool Has(Condition condition) => Reasons.Any(r => r.Condition == condition);
}
