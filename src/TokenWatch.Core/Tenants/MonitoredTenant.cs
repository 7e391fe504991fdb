using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Tenants;

/// <summary>
/// A tenant TokenWatch watches, as the domain sees it (credentials live in the infrastructure layer).
/// </summary>
public sealed record MonitoredTenant(string TenantId, string DisplayName, IReadOnlyList<string> Recipients)
{
    /// <summary>Told in addition to <see cref="Recipients"/> when a digest holds a critical event (on-call).</summary>
    public IReadOnlyList<string> CriticalRecipients { get; init; } = [];

    /// <summary>The channels this tenant's digests go to, each with the least severe event it takes.</summary>
    public IReadOnlyList<ChannelRoute> Routes { get; init; } = ChannelRoute.EmailOnly;

    /// <summary>In maintenance: polled and stored as usual, but not evaluated, so nobody is told anything.</summary>
    public bool Paused { get; init; }

    /// <summary>
    /// This tenant's own thresholds and milestones, resolved over the global ones; null: the global ones.
    /// </summary>
    public TenantPolicy? Policy { get; init; }

    /// <summary>The Microsoft cloud the tenant lives in: its Graph host, sign-in authority and portal links.</summary>
    public NationalCloud Cloud { get; init; }

    /// <summary>
    /// How to sign in to this tenant when it comes from the tenant catalog; null: from configuration.
    /// </summary>
    public TenantSignIn? SignIn { get; init; }
}
