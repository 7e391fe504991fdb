namespace TokenWatch.Style.Tests;

/// <summary>
/// The named exceptions to the style rules (style-exceptions.txt): each line is "rule path where max # why". A
/// violation passes only up to its listed size, and an entry nothing needs any more fails too, so the list only
/// shrinks.
/// </summary>
public sealed class StyleExceptions
{
    private const string FileName = "style-exceptions.txt";
    private readonly Dictionary<string, int> _max;

    private StyleExceptions(Dictionary<string, int> max) => _max = max;

    public IEnumerable<string> Keys => _max.Keys;

    public static StyleExceptions Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        var entries = File.ReadAllLines(path)
            .Select(l => l.Split('#', 2)[0].Trim())
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(
                f => $"{f[0]} {f[1]} {f[2]}",
                f => int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)
            );
        return new StyleExceptions(entries);
    }

    /// <summary>
    /// Rewrites the list in the source tree as the violations are now, keeping each remaining entry's reason; run by
    /// hand (STYLE_REWRITE_EXCEPTIONS=1 dotnet test tests/TokenWatch.Style.Tests) and read the diff before committing.
    /// </summary>
    public static void Rewrite(IEnumerable<StyleViolation> violations, string sourcePath)
    {
        var lines = File.ReadAllLines(sourcePath);
        var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
        var reasons = lines
            .Skip(header.Count)
            .Select(l => l.Split('#', 2))
            .Where(f => f[0].Trim().Length > 0)
            .Select(f =>
                (
                    Key: string.Join(' ', f[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)),
                    Why: f.ElementAtOrDefault(1)
                )
            )
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.First().Why?.Trim() ?? "debt");
        var entries = violations
            .GroupBy(v => v.Key)
            .Select(g => $"{g.Key} {g.Max(v => v.Size)} # {reasons.GetValueOrDefault(g.Key, "debt")}")
            .Order(StringComparer.Ordinal);
        File.WriteAllLines(sourcePath, [.. header, .. entries]);
    }

    /// <summary>Whether the violation is within its named exception.</summary>
    public bool Allows(StyleViolation violation) =>
        _max.TryGetValue(violation.Key, out var max) && violation.Size <= max;
}
