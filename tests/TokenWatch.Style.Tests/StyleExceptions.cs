namespace TokenWatch.Style.Tests;

/// <summary>
/// The named exceptions to the style rules (style-exceptions.txt): each line is "rule path where max # why". A
/// violation passes only up to its listed size, and an entry nothing needs any more fails too, so the list only shrinks.
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

    /// <summary>Whether the violation is within its named exception.</summary>
    public bool Allows(StyleViolation violation) =>
        _max.TryGetValue(violation.Key, out var max) && violation.Size <= max;
}
