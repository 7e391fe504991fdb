using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;

namespace TokenWatch.Core.Tenants;

/// <summary>
/// A tenant's alert settings and health thresholds, already resolved: every value the tenant does not set is the
/// global one. Handed to the existing rules and policy as they are, so per-tenant policy needs no code of its own
/// in them.
/// </summary>
public sealed record TenantPolicy(AlertSettings Alerts, HealthThresholds Health)
{
    public HealthRules Rules() => new(Health);

    public AlertPolicy AlertPolicy() => new(Alerts, Rules());
}
