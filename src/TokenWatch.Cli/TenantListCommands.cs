using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch tenants list | show | import | export</c>: the watched tenants and the catalog as CSV.
/// </summary>
internal static class TenantListCommands
{
    public static async Task<int> ListAsync(
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

        var rows = await session.Store.LoadAsync(cancellationToken);
        var lines = ConfiguredLines(session).Concat(CatalogLines(session, rows)).ToList();
        await TextTable.WriteAsync(stdout, ["TENANT", "NAME", "SOURCE", "STATE", "AUTH", "OWN POLICY"], lines);
        await stdout.WriteLineAsync(
            $"{lines.Count} tenants: {session.Options.Tenants.Count} from app settings, {rows.Count} in the catalog."
        );
        return 0;
    }

    private static IEnumerable<string[]> ConfiguredLines(CatalogSession session) =>
        TenantCatalog
            .Configured(session.Options)
            .Select(t =>
                new[]
                {
                    t.TenantId,
                    t.DisplayName,
                    "settings",
                    "active",
                    (session.Configured(t.TenantId)!.Auth ?? session.Options.Graph.Auth).ToString(),
                    "",
                }
            );

    private static IEnumerable<string[]> CatalogLines(CatalogSession session, IReadOnlyList<CatalogTenant> rows) =>
        rows.OrderBy(r => r.TenantId, StringComparer.OrdinalIgnoreCase)
            .Select(r =>
                new[]
                {
                    r.TenantId,
                    r.DisplayName ?? r.TenantId,
                    session.Configured(r.TenantId) is null ? "catalog" : "catalog (ignored: configured)",
                    r.Paused ? $"paused: {r.PausedReason}" : "active",
                    (r.Auth ?? session.Options.Graph.Auth).ToString(),
                    Own(r),
                }
            );

    public static async Task<int> ShowAsync(
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

        if (await FindAsync(session, tenantId, stderr, cancellationToken) is not (var row, var configured))
        {
            return CatalogSession.Refused;
        }

        await WriteHeaderAsync(row, configured, session.Options.Graph.Cloud, stdout);
        var settings = TenantPolicies.Describe(row, session.Options);
        await TextTable.WriteAsync(
            stdout,
            ["SETTING", "VALUE", "FROM"],
            settings.Select(s => new[] { s.Name, s.Value, s.Source }).ToList()
        );
        return 0;
    }

    /// <summary>The tenant's row, from app settings (true) or the catalog; null (problem printed) if none.</summary>
    private static async Task<(CatalogTenant Row, bool Configured)?> FindAsync(
        CatalogSession session,
        string tenantId,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var named = await TenantResolver.ResolveAsync(
            await session.Services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken),
            tenantId,
            stderr.WriteLineAsync
        );
        if (named is null)
        {
            return null;
        }

        var id = named.TenantId;
        var configured = session.Configured(id);
        var row = configured is not null
            ? FromSettings(configured)
            : await session.Store.FindAsync(id, cancellationToken);
        if (row is null)
        {
            await stderr.WriteLineAsync(
                $"{id}: is neither configured nor in the tenant catalog ('tokenwatch tenants list' shows them)."
            );
            return null;
        }

        return (row, configured is not null);
    }

    /// <summary>
    /// The tenant's name, id, source and state, and its sign-in: catalog text, so through the sanitiser.
    /// </summary>
    private static async Task WriteHeaderAsync(
        CatalogTenant row,
        bool configured,
        NationalCloud deploymentCloud,
        TextWriter stdout
    )
    {
        await stdout.WriteLineAsync(
            $"{TerminalText.Of(row.DisplayName ?? row.TenantId)} ({TerminalText.Of(row.TenantId)}) — "
                + (configured ? "from app settings (TokenWatch:Tenants)" : "from the tenant catalog")
                + ", "
                + (row.Paused ? $"paused: {TerminalText.Of(row.PausedReason)}" : "active")
        );
        if (row.ClientId is not null || row.SecretName is not null)
        {
            await stdout.WriteLineAsync(
                $"Sign-in: client id {TerminalText.Of(row.ClientId ?? "(none)")}, "
                    + $"Key Vault secret {TerminalText.Of(row.SecretName ?? "(none)")}"
            );
        }

        await stdout.WriteLineAsync(
            row.Cloud is { } own ? $"Cloud: {own}" : $"Cloud: {deploymentCloud} (TokenWatch:Graph:Cloud)"
        );
    }

    public static async Task<int> ExportAsync(
        string? file,
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

        var rows = (await session.Store.LoadAsync(cancellationToken))
            .OrderBy(r => r.TenantId, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (file is null)
        {
            CatalogCsv.Write(stdout, rows);
            return 0;
        }

        await using (var writer = new StreamWriter(file))
        {
            CatalogCsv.Write(writer, rows);
        }

        await stderr.WriteLineAsync($"Exported {rows.Count} catalog tenants to {file}.");
        return 0;
    }

    /// <summary>
    /// Reads and checks the whole file before storing any of it: a file with a bad row changes nothing. Rows are
    /// added or replaced by tenant id; catalog tenants not in the file stay as they are.
    /// </summary>
    public static async Task<int> ImportAsync(
        string file,
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

        if (await ReadAsync(file, session, stderr) is not { } rows)
        {
            return CatalogSession.Refused;
        }

        // A row imported over an existing one keeps how it first came (discovery tells its departed customers by it).
        var origins = (await session.Store.LoadAsync(cancellationToken)).ToDictionary(
            r => r.TenantId.Trim(),
            r => r.Origin,
            StringComparer.OrdinalIgnoreCase
        );
        await session.Store.SaveAsync(
            rows.Select(r => r with { Origin = origins.GetValueOrDefault(r.TenantId.Trim()) ?? r.Origin }).ToList(),
            cancellationToken
        );
        await stdout.WriteLineAsync($"Imported {rows.Count} tenants from {file}: the next poll reads them.");
        return 0;
    }

    /// <summary>The file's rows when every one is good; null (with every problem printed) when not.</summary>
    private static async Task<IReadOnlyList<CatalogTenant>?> ReadAsync(
        string file,
        CatalogSession session,
        TextWriter stderr
    )
    {
        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"{file}: no such file.");
            return null;
        }

        CsvImport import;
        using (var reader = new StreamReader(file))
        {
            import = CatalogCsv.Read(reader, session.Options);
        }

        var problems = import.Problems.ToList();
        problems.AddRange(
            import
                .Rows.Where(r => session.Configured(r.TenantId) is not null)
                .Select(r =>
                    $"tenant {r.TenantId.Trim()} is configured in app settings (TokenWatch:Tenants), "
                    + "which win over the catalog; leave it out of the file."
                )
        );
        if (!CatalogSession.Report(problems, file, stderr))
        {
            await stderr.WriteLineAsync($"{file}: nothing was imported ({problems.Count} problems).");
            return null;
        }

        return import.Rows;
    }

    private static CatalogTenant FromSettings(TenantOptions t) =>
        new()
        {
            TenantId = t.TenantId.Trim(),
            DisplayName = t.DisplayName,
            Recipients = t.Recipients,
            CriticalRecipients = t.CriticalRecipients,
            Auth = t.Auth,
            ClientId = t.ClientId,
            SecretName = t.SecretName,
            Cloud = t.Cloud,
        };

    private static string Own(CatalogTenant r) =>
        string.Join(
            ", ",
            new[]
            {
                r.Milestones is null ? null : $"milestones {r.Milestones}",
                r.ExpiryWarningDays is null ? null : $"warn {r.ExpiryWarningDays} d",
                r.AdeSyncWarningHours is null
                && r.AdeSyncCriticalHours is null
                && r.VppSyncWarningHours is null
                && r.VppSyncCriticalHours is null
                    ? null
                    : "own sync thresholds",
                r.Recipients.Count == 0 ? null : Plural.Of(r.Recipients.Count, "recipient"),
            }.Where(s => s is not null)
        );
}
