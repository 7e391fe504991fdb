using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// A channel a tenant's digests go to, and the least severe event it takes: <see cref="HealthStatus.Ok"/> takes
/// every event (recoveries and renewals included), <see cref="HealthStatus.Critical"/> only critical ones.
/// </summary>
public sealed record ChannelRoute(DeliveryChannel Channel, HealthStatus LowestSeverity)
{
    /// <summary>What TokenWatch did before channels existed: every event by email.</summary>
    public static readonly IReadOnlyList<ChannelRoute> EmailOnly = [new(DeliveryChannel.Email, HealthStatus.Ok)];

    public bool Takes(AlertEvent e) => e.Severity.Rank() >= LowestSeverity.Rank();
}
