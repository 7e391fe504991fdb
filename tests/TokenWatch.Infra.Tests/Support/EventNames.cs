using System.Text.RegularExpressions;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The log events the code defines ([LoggerMessage] in src/) and the ones ops-facing text names: the events table of
/// docs/operations.md and every KQL comparison on <c>EventName</c> (docs, workbook, alert rules).
/// </summary>
internal static partial class EventNames
{
    /// <summary>Every [LoggerMessage] EventName in src/, with its EventId.</summary>
    public static IReadOnlyDictionary<string, int> InCode()
    {
        var events = new Dictionary<string, int>();
        foreach (
            var file in Directory.EnumerateFiles(
                Path.Combine(RepositoryPaths.Root, "src"),
                "*.cs",
                SearchOption.AllDirectories
            )
        )
        {
            foreach (Match m in LoggerMessage().Matches(File.ReadAllText(file)))
            {
                events.Add(
                    m.Groups["name"].Value,
                    int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)
                );
            }
        }

        return events;
    }

    /// <summary>Rows of the events table (`| `Name` | id | …`) in a Markdown document.</summary>
    public static IReadOnlyDictionary<string, int> InEventTable(string markdown) =>
        EventRow()
            .Matches(markdown)
            .ToDictionary(
                m => m.Groups["name"].Value,
                m => int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)
            );

    /// <summary>Event names a query compares EventName with (`== "X"`, `in ("X", "Y")`).</summary>
    public static IEnumerable<string> InQuery(string query) =>
        EventNameEquals()
            .Matches(query)
            .Select(m => m.Groups["name"].Value)
            .Concat(
                EventNameIn()
                    .Matches(query)
                    .SelectMany(m => Quoted().Matches(m.Groups["list"].Value).Select(q => q.Groups[1].Value))
            );

    /// <summary>Every mismatch between the code's events and what the text names, one line each.</summary>
    public static IReadOnlyList<string> Problems(
        IReadOnlyDictionary<string, int> code,
        string operationsDoc,
        IEnumerable<(string Source, string Text)> queries
    )
    {
        var problems = new List<string>();
        var table = InEventTable(operationsDoc);
        foreach (var (name, id) in table)
        {
            if (!code.TryGetValue(name, out var codeId))
            {
                problems.Add($"docs/operations.md lists event {name} ({id}), which the code does not log");
            }
            else if (codeId != id)
            {
                problems.Add($"docs/operations.md gives {name} the id {id}; the code logs it as {codeId}");
            }
        }

        problems.AddRange(
            code.Keys.Where(name => !table.ContainsKey(name))
                .Select(name => $"docs/operations.md does not list event {name} ({code[name]})")
        );
        foreach (var (source, text) in queries.Append(("docs/operations.md", operationsDoc)))
        {
            problems.AddRange(
                InQuery(text)
                    .Where(name => !code.ContainsKey(name))
                    .Distinct()
                    .Select(name => $"{source} names event {name}, which the code does not log")
            );
        }

        return problems;
    }

    [GeneratedRegex(@"\[LoggerMessage\(\s*EventId\s*=\s*(?<id>\d+)\s*,\s*EventName\s*=\s*""(?<name>\w+)""")]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"^\|\s*`(?<name>\w+)`\s*\|\s*(?<id>\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex EventRow();

    [GeneratedRegex(@"EventName\)?\s*(?:==|=~|!=)\s*\\?""(?<name>\w+)\\?""")]
    private static partial Regex EventNameEquals();

    [GeneratedRegex(@"EventName\)?\s*in\s*\((?<list>[^)]*)\)")]
    private static partial Regex EventNameIn();

    [GeneratedRegex(@"""(\w+)\\?""")]
    private static partial Regex Quoted();
}
