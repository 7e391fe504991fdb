using System.CommandLine;
using TokenWatch.Infrastructure.Catalog;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch tenants add | set | remove | pause | resume</c>: changes to the tenant catalog, each checked whole
/// before it is stored; a refused change prints one line per problem and exits 3. The next poll and evaluation
/// read the catalog again: no restart.
/// </summary>
internal static class TenantEditCommands
{
    public static async Task<int> AddAsync(
        string tenantId,
        TenantFields fields,
        ParseResult result,
        bool paused,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var session = await CatalogSession.OpenAsync(configFile, stderr);
        if (session is null)
        {
            return CatalogSession.Refused;
        }

        var id = tenantId.Trim();
        if (session.Configured(id) is not null)
        {
            await stderr.WriteLineAsync($"{id}: {ConfiguredWins}");
            return CatalogSession.Refused;
        }

        var problems = new List<string>();
        var row = fields.Apply(NewRow(id, paused), result, problems);
        if (!Accepted(row, problems, session, id, stderr))
        {
            return CatalogSession.Refused;
        }

        if (!await session.Store.TryAddAsync(row, cancellationToken))
        {
            await stderr.WriteLineAsync(AddedAlready(id));
            return CatalogSession.Refused;
        }

        await stdout.WriteLineAsync(Added(row));
        return 0;
    }

    /// <summary>True when the row and the problems found so far pass the catalog rules; else prints them.</summary>
    private static bool Accepted(
        CatalogTenant row,
        List<string> problems,
        CatalogSession session,
        string id,
        TextWriter stderr
    )
    {
        problems.AddRange(CatalogTenantValidator.Problems(row, session.Options));
        return CatalogSession.Report(problems, id, stderr);
    }

    private static string Added(CatalogTenant row) =>
        $"Added {Name(row)} ({row.TenantId}), {(row.Paused ? "paused" : "active")}: the next poll reads it.";

    private static CatalogTenant NewRow(string id, bool paused) =>
        new()
        {
            TenantId = id,
            Paused = paused,
            PausedReason = paused ? "added paused" : null,
            Origin = "cli",
        };

    private static string AddedAlready(string id) =>
        $"{id}: is in the catalog already; change it with 'tokenwatch tenants set {id} …'.";

    public static Task<int> SetAsync(
        string tenantId,
        TenantFields fields,
        ParseResult result,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    ) =>
        ChangeAsync(
            tenantId,
            configFile,
            stdout,
            stderr,
            (row, problems) => fields.Apply(row, result, problems),
            row =>
                $"Changed {Name(row)} ({row.TenantId}); "
                + $"'tokenwatch tenants show {row.TenantId}' prints its effective policy.",
            cancellationToken
        );

    public static Task<int> PauseAsync(
        string tenantId,
        string? reason,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    ) =>
        ChangeAsync(
            tenantId,
            configFile,
            stdout,
            stderr,
            (row, _) =>
                row with
                {
                    Paused = true,
                    PausedReason = string.IsNullOrWhiteSpace(reason) ? "maintenance" : reason.Trim(),
                },
            row =>
                $"Paused {Name(row)} ({row.TenantId}): still polled, nobody is told anything until "
                + $"'tokenwatch tenants resume {row.TenantId}'.",
            cancellationToken
        );

    public static Task<int> ResumeAsync(
        string tenantId,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    ) =>
        ChangeAsync(
            tenantId,
            configFile,
            stdout,
            stderr,
            (row, _) => row with { Paused = false, PausedReason = null },
            row => $"Resumed {Name(row)} ({row.TenantId}): the next evaluation tells what is true now, once.",
            cancellationToken
        );

    public static async Task<int> RemoveAsync(
        string tenantId,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var session = await CatalogSession.OpenAsync(configFile, stderr);
        if (session is null)
        {
            return CatalogSession.Refused;
        }

        if (await session.IdOfAsync(tenantId, stderr, cancellationToken) is not { } id)
        {
            return CatalogSession.Refused;
        }

        if (!await session.Store.RemoveAsync(id, cancellationToken))
        {
            var configured = session.Configured(id) is null
                ? ""
                : " (it is configured in app settings: remove it there)";
            await stderr.WriteLineAsync($"{id}: is not in the tenant catalog{configured}.");
            return CatalogSession.Refused;
        }

        await stdout.WriteLineAsync(
            $"Removed {id} from the catalog: no longer polled. Its stored history and alert ledger are kept."
        );
        return 0;
    }

    private static async Task<int> ChangeAsync(
        string tenantId,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        Func<CatalogTenant, List<string>, CatalogTenant> change,
        Func<CatalogTenant, string> done,
        CancellationToken cancellationToken
    )
    {
        await using var session = await CatalogSession.OpenAsync(configFile, stderr);
        if (session is null)
        {
            return CatalogSession.Refused;
        }

        if (await session.IdOfAsync(tenantId, stderr, cancellationToken) is not { } id)
        {
            return CatalogSession.Refused;
        }

        if (await session.Store.FindAsync(id, cancellationToken) is not { } row)
        {
            await stderr.WriteLineAsync(NotInCatalog(session, id));
            return CatalogSession.Refused;
        }

        var problems = new List<string>();
        var changed = change(row, problems);
        if (!Accepted(changed, problems, session, id, stderr))
        {
            return CatalogSession.Refused;
        }

        await session.Store.SaveAsync([changed], cancellationToken);
        await stdout.WriteLineAsync(done(changed));
        return 0;
    }

    private const string ConfiguredWins =
        "is configured in app settings (TokenWatch:Tenants), which win over the catalog; "
        + "change it there, or remove it there first.";

    private static string NotInCatalog(CatalogSession session, string id) =>
        session.Configured(id) is null
            ? $"{id}: is not in the tenant catalog; add it with 'tokenwatch tenants add {id} …'."
            : $"{id}: is configured in app settings (TokenWatch:Tenants); change it there.";

    private static string Name(CatalogTenant row) =>
        string.IsNullOrWhiteSpace(row.DisplayName) ? row.TenantId : row.DisplayName;
}
