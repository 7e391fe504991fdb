using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// Decides the incidents from the conditions open now in every watched tenant: a function of (open incidents,
/// sightings, now, settings), so running it twice changes nothing the second time. An incident opens when the same
/// identity opened in <see cref="IncidentSettings.MinTenants"/> tenants within the window; while open, a tenant
/// whose condition opens no earlier than a window before the incident joins it, a tenant without it any more is
/// named recovered, and when none holds it the incident recovers.
/// </summary>
public static class IncidentTracker
{
    /// <summary>The incidents that changed (new ones included), each with <see cref="Incident.Owed"/> set when it has
    /// news.</summary>
    public static IReadOnlyList<Incident> Track(
        IReadOnlyList<Incident> open,
        IReadOnlyList<IncidentSighting> sightings,
        IReadOnlySet<string> unread,
        DateTimeOffset now,
        IncidentSettings settings
    )
    {
        var groups = sightings
            .GroupBy(s => s.Identity.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Tenants(g), StringComparer.Ordinal);
        var changed = new List<Incident>();
        foreach (var incident in open)
        {
            var current = groups.GetValueOrDefault(incident.IdentityKey) ?? [];
            groups.Remove(incident.IdentityKey);
            var next = Update(incident, current, unread, now, settings);
            if (next != incident)
            {
                changed.Add(next);
            }
        }

        foreach (var (_, tenants) in groups)
        {
            if (Open(tenants, now, settings) is { } opened)
            {
                changed.Add(opened);
            }
        }

        return changed;
    }

    /// <summary>One tenant per sighting group: the earliest opening, its tokens, and one token as seen.</summary>
    private static List<(IncidentTenant Tenant, IncidentSighting First)> Tenants(IEnumerable<IncidentSighting> group) =>
        group
            .GroupBy(s => s.TenantId, StringComparer.OrdinalIgnoreCase)
            .Select(t =>
            {
                var first = t.OrderBy(s => s.OpenedAt).ThenBy(s => s.Token.Key, StringComparer.Ordinal).First();
                var keys = t.Select(s => s.Token.Key).Distinct().Order(StringComparer.Ordinal).ToList();
                return (new IncidentTenant(first.TenantId, first.TenantName, first.OpenedAt, null, keys), first);
            })
            .OrderBy(t => t.Item1.Since)
            .ThenBy(t => t.Item1.TenantId, StringComparer.Ordinal)
            .ToList();

    private static Incident? Open(
        List<(IncidentTenant Tenant, IncidentSighting First)> tenants,
        DateTimeOffset now,
        IncidentSettings settings
    )
    {
        var recent = tenants.Where(t => t.Tenant.Since >= now - settings.Window).ToList();
        if (recent.Count < settings.MinTenants)
        {
            return null;
        }

        var since = recent[0].Tenant.Since;
        var identity = recent[0].First.Identity;
        return new Incident
        {
            Id = Id(since, identity.Key),
            IdentityKey = identity.Key,
            Condition = identity.Condition,
            Example = recent[0].First.Token,
            Since = since,
            Tenants = tenants.Where(t => t.Tenant.Since >= since - settings.Window).Select(t => t.Tenant).ToList(),
            Owed = IncidentNews.Opened,
        };
    }

    private static Incident Update(
        Incident incident,
        List<(IncidentTenant Tenant, IncidentSighting First)> current,
        IReadOnlySet<string> unread,
        DateTimeOffset now,
        IncidentSettings settings
    )
    {
        var currentById = current.ToDictionary(t => t.Tenant.TenantId, t => t.Tenant, StringComparer.OrdinalIgnoreCase);
        var tenants = incident
            .Tenants.Select(t => Follow(t, currentById.GetValueOrDefault(t.TenantId), unread, now))
            .ToList();
        var known = tenants.Select(t => t.TenantId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        tenants.AddRange(
            current
                .Select(t => t.Tenant)
                .Where(t => !known.Contains(t.TenantId) && t.Since >= incident.Since - settings.Window)
        );
        var next = incident with { Tenants = tenants };
        if (tenants.SequenceEqual(incident.Tenants, TenantComparer.Instance))
        {
            return incident;
        }

        return next.Affected.Count > 0 ? WithGrowth(next) : Recovered(next, now);
    }

    /// <summary>
    /// A tenant as it is now: still affected (its tokens as now), recovered, or affected again; as it was when its
    /// ledger could not be read this time. A tenant no longer watched has nothing open any more: it counts recovered.
    /// </summary>
    private static IncidentTenant Follow(
        IncidentTenant tenant,
        IncidentTenant? current,
        IReadOnlySet<string> unread,
        DateTimeOffset now
    ) =>
        unread.Contains(tenant.TenantId) ? tenant
        : current is null ? tenant with { RecoveredAt = tenant.RecoveredAt ?? now }
        : tenant.Affected ? tenant with { TokenKeys = current.TokenKeys, Name = current.Name }
        : current;

    /// <summary>Doubling since the last summary is news: at most a handful of summaries, however far it
    /// spreads.</summary>
    private static Incident WithGrowth(Incident incident) =>
        incident.Owed is null && incident.ToldTenants > 0 && incident.Tenants.Count >= 2 * incident.ToldTenants
            ? incident with
            {
                Owed = IncidentNews.Grew,
            }
            : incident;

    /// <summary>A recovery is news only to those told of the incident.</summary>
    private static Incident Recovered(Incident incident, DateTimeOffset now) =>
        incident with
        {
            RecoveredAt = now,
            Owed =
                incident.Summaries > 0 || incident.Owed is not null and not IncidentNews.Opened
                    ? IncidentNews.Recovered
                    : null,
        };

    private static string Id(DateTimeOffset since, string identityKey)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identityKey)))[..8];
        return $"inc-{since.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{hash}";
    }
}
