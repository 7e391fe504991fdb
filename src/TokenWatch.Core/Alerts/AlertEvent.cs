using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>The things admins are told about (see "Alert semantics" in the design notes).</summary>
public enum AlertEventKind
{
    /// <summary>A token entered a non-ok condition: error, expired, stale, invalid, or not judgeable.</summary>
    Entered,

    /// <summary>A token crossed an expiry milestone on its way to expiry (60, 30, 14, 7, 3, 1 days by default).</summary>
    Milestone,

    /// <summary>A token is still critical after the reminder interval; reminders do not stop after expiry.</summary>
    Reminder,

    /// <summary>A condition admins were told about has cleared (on enough consecutive polls not to flap).</summary>
    Recovered,

    /// <summary>A token's expiry moved forward.</summary>
    Renewed,

    /// <summary>A token's Apple ID changed.</summary>
    OwnerChanged,

    /// <summary>The APNs topic changed: a new certificate, so every Apple device must re-enroll.</summary>
    TopicChanged,

    TokenAdded,
    TokenRemoved,

    /// <summary>A tenant (or one of its endpoints) could not be read several polls in a row.</summary>
    MonitoringFailed,

    /// <summary>A tenant whose monitoring failed can be read again.</summary>
    MonitoringRestored,
}

/// <summary>Something admins must be told about one token, or about the monitoring of one tenant.</summary>
public sealed record AlertEvent
{
    public required AlertEventKind Kind { get; init; }
    public required HealthStatus Severity { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The condition behind the event: a reason code (<c>sync-error</c>) or the event's own (<c>renewed</c>).</summary>
    public required string Condition { get; init; }

    /// <summary>What happened, in a sentence for people.</summary>
    public required string Message { get; init; }

    /// <summary>The token as last seen; null for events about a tenant's monitoring.</summary>
    public TokenObservation? Token { get; init; }

    public TokenHealth? Health { get; init; }

    /// <summary>The token as it was before a change (renewed, owner changed, topic changed).</summary>
    public TokenObservation? Previous { get; init; }

    /// <summary>For <see cref="AlertEventKind.Milestone"/>: the milestone crossed, in days before expiry.</summary>
    public int? MilestoneDays { get; init; }

    /// <summary>For monitoring events: why the tenant could not be read, with the fix.</summary>
    public PollFailure? Failure { get; init; }

    /// <summary>For <see cref="AlertEventKind.MonitoringFailed"/>: polls failed in a row.</summary>
    public int? ConsecutiveFailures { get; init; }
}
