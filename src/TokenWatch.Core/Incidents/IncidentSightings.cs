using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Incidents;

/// <summary>The open conditions of a tenant's ledger that could take part in an incident.</summary>
public static class IncidentSightings
{
    public static IEnumerable<IncidentSighting> Of(MonitoredTenant tenant, AlertLedger ledger) =>
        from token in ledger.Tokens.Values
        from alert in token.Alerts
        let identity = ConditionCatalog.TryParse(alert.Key, out var condition)
            ? IncidentIdentity.Of(condition, token.Observation)
            : null
        where identity is not null
        select new IncidentSighting(
            tenant.TenantId,
            tenant.DisplayName,
            identity,
            token.Observation,
            alert.Value.OpenedAt
        );

    /// <summary>The token keys of <paramref name="ledger"/> whose open condition has the identity <paramref
    /// name="key"/>.</summary>
    public static IReadOnlyList<string> TokensOf(AlertLedger ledger, string key) =>
        Of(new MonitoredTenant("", "", []), ledger)
            .Where(s => s.Identity.Key == key)
            .Select(s => s.Token.Key)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
