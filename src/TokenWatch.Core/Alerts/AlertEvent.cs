using System.Text.Json.Serialization;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Something admins must be told about one token, or about the monitoring of one tenant: structured facts only (the
/// kind, the condition, the token before and after); the wording module turns them into words.
/// </summary>
public sealed record AlertEvent
{
    public required AlertEventKind Kind { get; init; }
    public required HealthStatus Severity { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>
    /// The token condition the event is about (entered, reminder, recovered; <c>expiring</c> for a milestone); null for
    /// changes of the token itself (renewed, new owner, added, removed) and for monitoring events.
    /// </summary>
    [JsonConverter(typeof(OptionalConditionJsonConverter))]
    public Condition? Condition { get; init; }

    /// <summary>The token as last seen; null for events about a tenant's monitoring.</summary>
    public TokenObservation? Token { get; init; }

    public TokenHealth? Health { get; init; }

    /// <summary>The token as it was before a change (renewed, owner changed, topic changed, removed).</summary>
    public TokenObservation? Previous { get; init; }

    /// <summary>For <see cref="AlertEventKind.Milestone"/>: the milestone crossed, in days before expiry.</summary>
    public int? MilestoneDays { get; init; }

    /// <summary>For a reminder of a token condition: since when it holds.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>For monitoring events: why the endpoints could not be read, with the fix.</summary>
    public PollFailure? Failure { get; init; }

    /// <summary>For monitoring events: the endpoints concerned (all failing for the same cause).</summary>
    public IReadOnlyList<TokenKind> Endpoints { get; init; } = [];

    /// <summary>For <see cref="AlertEventKind.MonitoringFailed"/> and its reminder: polls failed in a row.</summary>
    public int? ConsecutiveFailures { get; init; }
}
