using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

public enum AlertEventKind
{
    /// <summary>A token entered a non-ok condition (or the condition got worse).</summary>
    Entered,

    /// <summary>A condition admins were told about has cleared.</summary>
    Recovered,
}

/// <summary>Something admins must be told about one token.</summary>
public sealed record AlertEvent(
    AlertEventKind Kind,
    HealthStatus Severity,
    TokenObservation Token,
    TokenHealth Health,
    HealthReason Reason,
    DateTimeOffset At);
