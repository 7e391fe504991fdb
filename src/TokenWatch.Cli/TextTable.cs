namespace TokenWatch.Cli;

/// <summary>
/// A plain aligned table for stdout: readable on a terminal, and stable for scripts and tests to read. Every cell
/// goes through <see cref="TerminalText"/>, so no command can print outside text raw in a table.
/// </summary>
internal static class TextTable
{
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string> header, IReadOnlyList<string?[]> cells)
    {
        var rows = cells.Select(r => r.Select(TerminalText.Of).ToArray()).ToList();
        var widths = header
            .Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)))
            .ToList();
        await writer.WriteLineAsync(Line(header, widths));
        foreach (var row in rows)
        {
            await writer.WriteLineAsync(Line(row, widths));
        }
    }

    private static string Line(IReadOnlyList<string> cells, List<int> widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c ?? "" : (c ?? "").PadRight(widths[i])))
            .TrimEnd();
}
