using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;

namespace TokenWatch.Core.Alerts;

/// <summary>Which conditions of a token are open now, as the alert policy and its folding judge them.</summary>
public static class OpenConditions
{
    /// <summary>The conditions of a token that count: not-ok reasons, the worst of each condition.</summary>
    public static IReadOnlyDictionary<Condition, HealthReason> Of(TokenHealth health) =>
        health
            .Reasons.Where(r => r.Status != HealthStatus.Ok)
            .GroupBy(r => r.Condition)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Status.Rank())!);

    /// <summary>True while <paramref name="condition"/> describes the token, itself or by a worse one.</summary>
    public static bool Holds(IReadOnlyDictionary<Condition, HealthReason> conditions, Condition condition) =>
        conditions.ContainsKey(condition) || (condition.Describe().CoveredBy is { } by && conditions.ContainsKey(by));
}
