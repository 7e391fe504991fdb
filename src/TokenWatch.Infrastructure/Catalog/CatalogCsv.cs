using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Csv;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// The tenant catalog as CSV, for <c>tokenwatch tenants import</c> and <c>export</c>: one row per tenant, lists
/// separated by <c>;</c>, an empty cell inherits the global setting. What export writes, import reads back as it was;
/// every cell is written as a spreadsheet shows text (<see cref="SpreadsheetCells"/>), never as a formula.
/// </summary>
public static class CatalogCsv
{
    public static readonly string[] Columns =
    [
        "tenantId",
        "displayName",
        "recipients",
        "criticalRecipients",
        "auth",
        "clientId",
        "secretName",
        "cloud",
        "paused",
        "pausedReason",
        "milestones",
        "expiryWarningDays",
        "adeSyncWarningHours",
        "adeSyncCriticalHours",
        "vppSyncWarningHours",
        "vppSyncCriticalHours",
    ];

    public static void Write(TextWriter writer, IEnumerable<CatalogTenant> rows)
    {
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture), leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var value in Values(row))
            {
                csv.WriteField(SpreadsheetCells.Cell(value));
            }

            csv.NextRecord();
        }
    }

    /// <summary>
    /// Reads every row and checks each as <c>tenants add</c> would. Problems name their line (the header is line 1);
    /// when there is any, the caller stores nothing of the file.
    /// </summary>
    public static CsvImport Read(TextReader reader, TokenWatchOptions options)
    {
        var rows = new List<CatalogTenant>();
        var problems = new List<string>();
        using var csv = new CsvReader(
            reader,
            new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false }
        );
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                return new CsvImport([], [NoHeader]);
            }

            if (!Header(header, problems))
            {
                return new CsvImport([], problems);
            }

            ReadRows(csv, options, rows, problems);
        }
        catch (CsvHelperException ex)
        {
            problems.Add(
                $"line {ex.Context?.Parser?.RawRow ?? 0}: the CSV cannot be read there ({ex.GetType().Name}); "
                    + "check its quotes."
            );
        }

        return new CsvImport(rows, problems);
    }

    private const string NoHeader =
        "line 1: the file is empty; it needs a header row (tokenwatch tenants export shows one).";

    private static void ReadRows(
        CsvReader csv,
        TokenWatchOptions options,
        List<CatalogTenant> rows,
        List<string> problems
    )
    {
        // Keyed as the catalog keys its rows: two ids the table would store as one are one tenant here too.
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (Parse(new CatalogCsvRow(csv, line, problems)) is not { } row)
            {
                continue;
            }

            problems.AddRange(CatalogTenantValidator.Problems(row, options).Select(p => $"line {line}: {p}"));
            var key = CatalogTenant.Key(row.TenantId);
            if (key.Length > 0 && !lines.TryAdd(key, line))
            {
                problems.Add($"line {line}: tenant {row.TenantId.Trim()} is also on line {lines[key]}.");
            }

            rows.Add(row);
        }
    }

    private static bool Header(string[] header, List<string> problems)
    {
        foreach (var unknown in header.Where(h => !Columns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"line 1: column '{unknown}' is not one TokenWatch knows ({string.Join(", ", Columns)}).");
        }

        if (!header.Contains("tenantId", StringComparer.OrdinalIgnoreCase))
        {
            problems.Add("line 1: the header has no tenantId column.");
        }

        return problems.Count == 0;
    }

    /// <summary>The row's tenant, or null when any of its cells is refused (each problem is listed).</summary>
    private static CatalogTenant? Parse(CatalogCsvRow cells)
    {
        var before = cells.Problems;
        var row = new CatalogTenant
        {
            TenantId = cells.Text("tenantId") ?? "",
            DisplayName = cells.Text("displayName"),
            Recipients = TableTenantCatalogStore.Split(cells.Text("recipients")),
            CriticalRecipients = TableTenantCatalogStore.Split(cells.Text("criticalRecipients")),
            Auth = cells.Auth(),
            ClientId = cells.Text("clientId"),
            SecretName = cells.Text("secretName"),
            Cloud = cells.Cloud(),
            Paused = cells.Paused(),
            PausedReason = cells.Text("pausedReason"),
            Milestones = cells.Text("milestones"),
            ExpiryWarningDays = cells.Number("expiryWarningDays"),
            AdeSyncWarningHours = cells.Number("adeSyncWarningHours"),
            AdeSyncCriticalHours = cells.Number("adeSyncCriticalHours"),
            VppSyncWarningHours = cells.Number("vppSyncWarningHours"),
            VppSyncCriticalHours = cells.Number("vppSyncCriticalHours"),
            Origin = "import",
        };
        return cells.Problems == before ? row : null;
    }

    private static IEnumerable<string?> Values(CatalogTenant row) =>
        [
            row.TenantId,
            row.DisplayName,
            string.Join(';', row.Recipients),
            string.Join(';', row.CriticalRecipients),
            row.Auth?.ToString(),
            row.ClientId,
            row.SecretName,
            row.Cloud?.ToString(),
            row.Paused ? "true" : "false",
            row.PausedReason,
            row.Milestones,
            Number(row.ExpiryWarningDays),
            Number(row.AdeSyncWarningHours),
            Number(row.AdeSyncCriticalHours),
            Number(row.VppSyncWarningHours),
            Number(row.VppSyncCriticalHours),
        ];

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
