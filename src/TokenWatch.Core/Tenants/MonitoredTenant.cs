using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Tenants;

/// <summary>A tenant TokenWatch watches, as the domain sees it (credentials live in the infrastructure layer).</summary>
public sealed record MonitoredTenant(string TenantId, string DisplayName, IReadOnlyList<string> Recipients)
{
    /// <summary>Told in addition to <see cref="Recipients"/> when a digest holds a critical event (on-call).</summary>
    public IReadOnlyList<string> CriticalRecipients { get; init; } = [];

    /// <summary>The channels this tenant's digests go to, each with the least severe event it takes.</summary>
    public IReadOnlyList<ChannelRoute> Routes { get; init; } = ChannelRoute.EmailOnly;
}
