using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>How the ledger commands name a tenant (<c>--tenant</c>: id or display name) and a token (<c>--token kind:id</c>).</summary>
internal static class CliTargets
{
    public static async Task<MonitoredTenant?> FindTenantAsync(
        ITenantCatalog catalog,
        string tenant,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var tenants = await catalog.LoadAsync(cancellationToken);
        var found = tenants.FirstOrDefault(t => string.Equals(t.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            ?? tenants.FirstOrDefault(t => string.Equals(t.DisplayName, tenant, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            var known =
                tenants.Count <= 20
                    ? string.Join(", ", tenants.Select(t => $"{t.TenantId} ({t.DisplayName})"))
                    : $"{tenants.Count} tenants (tokenwatch tenants list)";
            await stderr.WriteLineAsync(
                $"Tenant '{tenant}' is neither configured nor in the tenant catalog. Watched: {known}."
            );
        }

        return found;
    }

    /// <summary>Parses <c>ade:9b3c…</c> into the token key TokenWatch stores (the kind in lower case, the id verbatim).</summary>
    public static string? ParseTokenKey(string value, TextWriter stderr)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < value.Length - 1 && TokenKindNames.TryParseSlug(value[..colon], out var kind))
        {
            return $"{kind.ToSlug()}:{value[(colon + 1)..]}";
        }

        stderr.WriteLine(
            $"--token '{value}' is not KIND:ID, e.g. ade:9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10 "
                + $"(kinds: {TokenKinds.SlugList})."
        );
        return null;
    }
}
