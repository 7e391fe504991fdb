using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Health;

/// <summary>
/// The one place that decides a token's severity, by running the rule of every condition in the catalog that applies
/// to the token's kind. Anything TokenWatch cannot judge is <c>unknown</c> with a reason, never <c>ok</c>: a monitor
/// that reassures on data it did not understand is worse than none.
/// </summary>
public sealed class HealthRules(HealthThresholds thresholds)
{
    public HealthThresholds Thresholds { get; } = thresholds;

    /// <param name="tenant">Every token of the token's tenant as last read (for rules about the tenant as a
    /// whole).</param>
    /// <param name="enrollment">The tenant's stored enrollment scans (for the enrollment conditions); null: not
    /// read, and none of them is judged.</param>
    public TokenHealth Evaluate(
        TokenObservation token,
        DateTimeOffset now,
        IReadOnlyCollection<TokenObservation>? tenant = null,
        TenantEnrollment? enrollment = null
    )
    {
        // A tenant without a push certificate has nothing else to judge.
        IEnumerable<ConditionDescriptor> conditions = token.NotConfigured
            ? [Condition.NotConfigured.Describe()]
            : ConditionCatalog.All.Where(c => c.AppliesTo(token.Kind));
        var input = new RuleInput(token, now, Thresholds, tenant ?? [token]) { Enrollment = enrollment };
        var reasons = conditions.SelectMany(c => c.Detect(input)).ToList();
        var days = token.ExpiresAt is { } at && !token.NotConfigured ? DaysUntil(at, now) : (int?)null;
        return new TokenHealth(reasons.Select(r => r.Status).Worst(), reasons, days);
    }

    /// <summary>
    /// Whole days left, rounded down: a token expiring in 29 days and 23 hours has 29 days left. After expiry, whole
    /// days since, negative and at least one: expired 2 days and 1 minute ago is -2 ("expired 2 days ago"), never 0,
    /// which would read as "less than a day left".
    /// </summary>
    public static int DaysUntil(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var left = expiresAt - now;
        return left >= TimeSpan.Zero ? (int)Math.Floor(left.TotalDays) : -Math.Max(1, (int)Math.Floor(-left.TotalDays));
    }
}
