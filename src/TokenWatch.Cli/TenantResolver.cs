using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Cli;

/// <summary>
/// How every command finds the tenant a user names (<c>--tenant</c>, <c>tenants show T</c>): by its id or domain
/// (the id a tenant is configured with may be either), else by its display name, over the configured tenants and
/// the catalog's. A name that fits several tenants is refused with the candidates, never guessed.
/// </summary>
internal static class TenantResolver
{
    /// <summary>Candidates listed in a refusal; past this, the user is sent to <c>tenants list</c>.</summary>
    private const int MaxListed = 20;

    /// <summary>The one tenant <paramref name="name"/> names, or null with the reason printed.</summary>
    public static async Task<MonitoredTenant?> ResolveAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        string name,
        Func<string, Task> refuse
    )
    {
        var matches = Match(tenants, name);
        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count == 0)
        {
            await refuse(
                $"Tenant '{Words.Inline(name)}' is neither configured nor in the tenant catalog. "
                    + $"Watched: {List(tenants)}."
            );
        }
        else
        {
            await refuse($"'{Words.Inline(name)}' names {matches.Count} tenants; give the id of one: {List(matches)}.");
        }

        return null;
    }

    /// <summary>Every tenant the name fits: an id match wins over display names, which may repeat.</summary>
    public static IReadOnlyList<MonitoredTenant> Match(IReadOnlyList<MonitoredTenant> tenants, string name)
    {
        var trimmed = name.Trim();
        var byId = tenants.Where(t => string.Equals(t.TenantId, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
        return byId.Count > 0
            ? byId
            : tenants.Where(t => string.Equals(t.DisplayName, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>A name a tenant can be read by without being watched: a tenant id (GUID) or a domain.</summary>
    public static bool IsTenantId(string name) =>
        Guid.TryParse(name, out _) || (name.Contains('.', StringComparison.Ordinal) && !name.Contains(' '));

    private static string List(IReadOnlyList<MonitoredTenant> tenants) =>
        tenants.Count <= MaxListed
            ? string.Join(", ", tenants.Select(t => $"{Words.Inline(t.DisplayName)} ({Words.Inline(t.TenantId)})"))
            : $"{tenants.Count} tenants (tokenwatch tenants list)";
}
