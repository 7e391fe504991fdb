using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Csv;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch status</c>: every watched tenant's tokens from stored state (no Graph call), worst first, then by
/// days to expiry; <c>--renewals</c> lists what expires in the window by date instead, for planning.
/// </summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static async Task<int> RunAsync(
        StatusQuery query,
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

        var services = session.Services;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tenants = await services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken);
        var rows = await LoadAsync(tenants, services, now, cancellationToken);
        var shown = Shown(rows, query);
        await WriteAsync(shown, query.Output, stdout);
        if (query.Output == "table")
        {
            await stdout.WriteLineAsync(
                query.Renewals
                    ? $"{shown.Count} tokens expire within {query.WithinDays} days, over {tenants.Count} tenants "
                        + "(stored state, as of the last poll)."
                    : $"{shown.Count} of {rows.Count} rows over {tenants.Count} tenants "
                        + "(stored state, as of the last poll)."
            );
        }

        // A report, not an alarm: 'status --output csv > r.csv && mail …' must go on whatever the tokens say.
        return 0;
    }

    /// <summary>Worst first then by days left; or, for renewals, what expires in the window by date.</summary>
    private static List<StatusRow> Shown(List<StatusRow> rows, StatusQuery query) =>
        query.Renewals
            ? rows.Where(r => r.ExpiresAt is not null && r.DaysLeft <= query.WithinDays)
                .OrderBy(r => r.ExpiresAt)
                .ThenBy(r => r.Tenant, StringComparer.OrdinalIgnoreCase)
                .ToList()
            : rows.Where(query.Matches)
                .OrderByDescending(r => r.Health.Rank())
                .ThenBy(r => r.DaysLeft ?? int.MaxValue)
                .ThenBy(r => r.Tenant, StringComparer.OrdinalIgnoreCase)
                .ToList();

    private static async Task<List<StatusRow>> LoadAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        IServiceProvider services,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var store = services.GetRequiredService<ITokenStateStore>();
        var ledgers = services.GetRequiredService<IAlertLedgerStore>();
        var rules = services.GetRequiredService<HealthRules>();
        var enrollment = services.GetRequiredService<TokenWatch.Core.Enrollment.IEnrollmentStore>();
        var rows = new ConcurrentBag<StatusRow>();
        await Parallel.ForEachAsync(
            tenants,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = services.GetRequiredService<CycleSettings>().MaxParallelism,
                CancellationToken = cancellationToken,
            },
            async (tenant, ct) =>
            {
                var state = await store.LoadAsync(tenant.TenantId, ct);
                var ledger = (await ledgers.LoadAsync(tenant.TenantId, ct)).Ledger;
                var scans = await enrollment.LoadAsync(tenant.TenantId, ct);
                foreach (var row in StatusRows.Of(tenant, state, ledger, tenant.Policy?.Rules() ?? rules, now, scans))
                {
                    rows.Add(row);
                }
            }
        );
        return rows.ToList();
    }

    private static async Task WriteAsync(List<StatusRow> rows, string output, TextWriter stdout)
    {
        switch (output)
        {
            case "json":
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, Json));
                break;
            case "csv":
                using (var csv = new CsvWriter(stdout, CultureInfo.InvariantCulture, leaveOpen: true))
                {
                    foreach (var cell in StatusRow.Header)
                    {
                        csv.WriteField(SpreadsheetCells.Cell(cell));
                    }

                    await csv.NextRecordAsync();
                    foreach (var row in rows)
                    {
                        // Token names and Apple IDs come from Graph: no cell a spreadsheet would run as a formula.
                        foreach (var cell in row.Cells())
                        {
                            csv.WriteField(SpreadsheetCells.Cell(cell));
                        }

                        await csv.NextRecordAsync();
                    }
                }

                break;
            default:
                await StatusTable.WriteAsync(rows, stdout);
                break;
        }
    }
}
