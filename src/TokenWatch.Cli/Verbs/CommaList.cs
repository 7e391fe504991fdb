namespace TokenWatch.Cli.Verbs;

/// <summary>Reads an option's comma-separated values, one problem line for each value it does not know.</summary>
internal static class CommaList
{
    public static HashSet<T>? Parse<T>(string? text, string option, Func<string, T?> parse, List<string> problems)
        where T : struct
    {
        if (text is null)
        {
            return null;
        }

        var values = new HashSet<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (parse(part) is { } value)
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{option} '{part}' is not one of the values listed in 'tokenwatch status --help'.");
            }
        }

        return values;
    }
}
