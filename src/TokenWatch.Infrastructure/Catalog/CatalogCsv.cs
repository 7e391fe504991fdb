using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using TokenWatch.Core.Tenants;
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
        // Keyed as the catalog keys its rows: two ids the table would store as one are one tenant here too.
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = new CsvReader(
            reader,
            new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false }
        );
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                return new CsvImport(
                    [],
                    ["line 1: the file is empty; it needs a header row (tokenwatch tenants export shows one)."]
                );
            }

            if (!Header(header, problems))
            {
                return new CsvImport([], problems);
            }

            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var row = Parse(csv, line, problems);
                if (row is null)
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
        catch (CsvHelperException ex)
        {
            problems.Add(
                $"line {ex.Context?.Parser?.RawRow ?? 0}: the CSV cannot be read there ({ex.GetType().Name}); check its quotes."
            );
        }

        return new CsvImport(rows, problems);
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

    private static CatalogTenant? Parse(CsvReader csv, int line, List<string> problems)
    {
        var before = problems.Count;
        string? Text(string column) => Cell(csv, column);
        int? Number(string column)
        {
            var text = Text(column);
            if (text is null)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add($"line {line}: {column} '{text}' is not a whole number.");
            return null;
        }

        var auth = Named<GraphAuth>((Text("auth"), "auth", line), AuthNames.TryParse, AuthNamesShown, problems);
        var cloud = Named<NationalCloud>(
            (Text("cloud"), "cloud", line),
            CloudNames.TryParse,
            CloudNames.Names,
            problems
        );

        // Excel writes booleans as TRUE and FALSE.
        var paused = Text("paused")?.ToLowerInvariant() switch
        {
            null or "false" or "no" or "0" => false,
            "true" or "yes" or "1" => true,
            _ => Flag(Text("paused")!),
        };
        bool Flag(string other)
        {
            problems.Add($"line {line}: paused '{other}' is not true or false.");
            return false;
        }

        var row = new CatalogTenant
        {
            TenantId = Text("tenantId") ?? "",
            DisplayName = Text("displayName"),
            Recipients = TableTenantCatalogStore.Split(Text("recipients")),
            CriticalRecipients = TableTenantCatalogStore.Split(Text("criticalRecipients")),
            Auth = auth,
            ClientId = Text("clientId"),
            SecretName = Text("secretName"),
            Cloud = cloud,
            Paused = paused,
            PausedReason = Text("pausedReason"),
            Milestones = Text("milestones"),
            ExpiryWarningDays = Number("expiryWarningDays"),
            AdeSyncWarningHours = Number("adeSyncWarningHours"),
            AdeSyncCriticalHours = Number("adeSyncCriticalHours"),
            VppSyncWarningHours = Number("vppSyncWarningHours"),
            VppSyncCriticalHours = Number("vppSyncCriticalHours"),
            Origin = "import",
        };
        return problems.Count == before ? row : null;
    }

    private static readonly string[] AuthNamesShown = Enum.GetNames<GraphAuth>();

    /// <summary>A named value's cell parsed; one that names nothing known is a problem of its line.</summary>
    private static T? Named<T>(
        (string? Text, string Column, int Line) cell,
        NameParser<T> parse,
        string[] names,
        List<string> problems
    )
        where T : struct
    {
        if (cell.Text is null)
        {
            return null;
        }

        if (parse(cell.Text, out var value))
        {
            return value;
        }

        problems.Add($"line {cell.Line}: {cell.Column} '{cell.Text}' is not one of {string.Join(", ", names)}.");
        return null;
    }

    /// <summary>The trimmed cell of <paramref name="column"/>, as before export escaped it; null: empty.</summary>
    private static string? Cell(CsvReader csv, string column)
    {
        var header = csv.HeaderRecord!.FirstOrDefault(h =>
            string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase)
        );
        return header is not null && csv.GetField(header)?.Trim() is { Length: > 0 } cell
            ? SpreadsheetCells.Unescape(cell)
            : null;
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
