using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Everything TokenWatch knows about one condition, in one place: its code, the token kinds it applies to, its
/// severity, the rule that finds it, and how it relates to the others (what it is a symptom of, what covers it,
/// whether it holds back countdown mail, whether a renewal clears it). Its wording is keyed by <see cref="Condition"/>.
/// </summary>
public sealed record ConditionDescriptor
{
    public required Condition Condition { get; init; }

    /// <summary>The stable code: JSON, alert keys, emails.</summary>
    public required string Code { get; init; }

    public required IReadOnlyList<TokenKind> Kinds { get; init; }

    /// <summary>The severity it is raised with (a stale sync rises to critical past its critical threshold).</summary>
    public required HealthStatus Severity { get; init; }

    /// <summary>A broken token, not merely one running out: while it holds, countdown mail is held back.</summary>
    public bool IsError { get; init; }

    /// <summary>A countdown to expiry: held back while the token is in error, so it does not bury the error.</summary>
    public bool IsCountdown { get; init; }

    /// <summary>Conditions whose symptom this is: it is not told while one of them holds.</summary>
    public IReadOnlyList<Condition> SymptomOf { get; init; } = [];

    /// <summary>
    /// A worse condition that implies this one (an expired token still "expires soon") and takes it over.
    /// </summary>
    public Condition? CoveredBy { get; init; }

    /// <summary>
    /// Judged from the enrollment scan (or Intune's connector read), not the poll: while that is unknown the
    /// condition is neither found nor counted as gone.
    /// </summary>
    public bool FromScan { get; init; }

    /// <summary>What recovered means: a renewal (the expiry moved) clears it with the renewal's own news.</summary>
    public bool ClearedByRenewal { get; init; }

    /// <summary>
    /// The rule in words, with the thresholds it uses (for <c>tokenwatch rules</c> and docs/health-rules.md).
    /// </summary>
    public required Func<HealthThresholds, string> Explain { get; init; }

    /// <summary>The documents the rule rests on, by title.</summary>
    public required string Source { get; init; }

    /// <summary>The rule: the reasons, if any, for which this condition holds for a token now.</summary>
    public required Func<RuleInput, IEnumerable<HealthReason>> Detect { get; init; }

    public bool AppliesTo(TokenKind kind) => Kinds.Contains(kind);
}
