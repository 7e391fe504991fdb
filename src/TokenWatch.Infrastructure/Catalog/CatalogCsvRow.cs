using System.Globalization;
using CsvHelper;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Csv;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>One data row of a catalog CSV being read: its cells parsed, each problem named by its line.</summary>
internal sealed class CatalogCsvRow(CsvReader csv, int line, List<string> problems)
{
    private static readonly string[] AuthNamesShown = Enum.GetNames<GraphAuth>();

    /// <summary>How many problems the file has so far: a row whose cells added one is not stored.</summary>
    public int Problems => problems.Count;

    /// <summary>The trimmed cell of <paramref name="column"/>, as before export escaped it; null: empty.</summary>
    public string? Text(string column)
    {
        var header = csv.HeaderRecord!.FirstOrDefault(h =>
            string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase)
        );
        return header is not null && csv.GetField(header)?.Trim() is { Length: > 0 } cell
            ? SpreadsheetCells.Unescape(cell)
            : null;
    }

    public int? Number(string column)
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

    /// <summary>The paused flag; Excel writes booleans as TRUE and FALSE.</summary>
    public bool Paused()
    {
        var text = Text("paused");
        switch (text?.ToLowerInvariant())
        {
            case null or "false" or "no" or "0":
                return false;
            case "true" or "yes" or "1":
                return true;
            default:
                problems.Add($"line {line}: paused '{text}' is not true or false.");
                return false;
        }
    }

    public GraphAuth? Auth() => Named<GraphAuth>("auth", AuthNames.TryParse, AuthNamesShown);

    public NationalCloud? Cloud() => Named<NationalCloud>("cloud", CloudNames.TryParse, CloudNames.Names);

    /// <summary>A named value's cell parsed; one that names nothing known is a problem of its line.</summary>
    private T? Named<T>(string column, NameParser<T> parse, string[] names)
        where T : struct
    {
        var text = Text(column);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        problems.Add($"line {line}: {column} '{text}' is not one of {string.Join(", ", names)}.");
        return null;
    }
}
