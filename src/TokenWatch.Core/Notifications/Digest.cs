using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Notifications;

/// <summary>One email's worth of events for one tenant, worst first.</summary>
public sealed record Digest(
    string DigestId,
    MonitoredTenant Tenant,
    IReadOnlyList<AlertEvent> Events,
    DateTimeOffset ComposedAt
)
{
    /// <summary>The digest's severity: recoveries alone are "ok", otherwise the worst event's.</summary>
    public HealthStatus Severity => Events.Select(e => e.Severity).Worst();

    /// <summary>Signs each event's snooze and acknowledge links; null: action links are off.</summary>
    public ActionLinks? Actions { get; init; }

    /// <summary>What is silenced in the tenant now (snoozes, acknowledgements), said in every digest.</summary>
    public IReadOnlyList<string> Silenced { get; init; } = [];
}
