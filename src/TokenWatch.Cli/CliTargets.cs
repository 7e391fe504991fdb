using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>
/// How the ledger commands name a tenant (<c>--tenant</c>: id, domain or display name) and a token
/// (<c>--token kind:id</c>).
/// </summary>
internal static class CliTargets
{
    /// <summary>The watched tenant <paramref name="tenant"/> names (<see cref="TenantResolver"/>), or null.</summary>
    public static async Task<MonitoredTenant?> FindTenantAsync(
        ITenantCatalog catalog,
        string tenant,
        TextWriter stderr,
        CancellationToken cancellationToken
    ) => await TenantResolver.ResolveAsync(await catalog.LoadAsync(cancellationToken), tenant, stderr.WriteLineAsync);

    /// <summary>
    /// Parses <c>ade:9b3c…</c> into the token key TokenWatch stores (the kind in lower case, the id verbatim).
    /// </summary>
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
