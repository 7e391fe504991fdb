namespace TokenWatch.Core.Health;

/// <summary>The judgement of one token at one instant.</summary>
public sealed record TokenHealth(HealthStatus Status, IReadOnlyList<HealthReason> Reasons, int? DaysUntilExpiry)
{
    public bool Has(string code) => Reasons.Any(r => r.Code == code);
}
