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
}
