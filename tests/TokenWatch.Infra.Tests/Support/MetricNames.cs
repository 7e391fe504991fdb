using System.Text.RegularExpressions;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The metrics the code records (instruments created on TokenWatch's meter in src/, with the tags each recording
/// carries) and the ones ops-facing text names: the metrics table of docs/operations.md and every
/// <c>tokenwatch.*</c> name a KQL query compares with.
/// </summary>
internal static partial class MetricNames
{
    /// <summary>Every instrument created on a meter in src/, by name, with the tag keys its recordings use.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> InCode()
    {
        var metrics = new Dictionary<string, IReadOnlySet<string>>();
        var source = Path.Combine(RepositoryPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            var constants = Constant()
                .Matches(text)
                .ToDictionary(m => m.Groups["field"].Value, m => m.Groups["value"].Value);
            foreach (Match created in Created().Matches(text))
            {
                var name = created.Groups["literal"].Success
                    ? created.Groups["literal"].Value
                    : constants[created.Groups["constant"].Value];
                var tags = Recorded()
                    .Matches(text)
                    .Where(r => r.Groups["field"].Value == created.Groups["field"].Value)
                    .SelectMany(r => Tag().Matches(r.Groups["arguments"].Value).Select(t => t.Groups["key"].Value))
                    .ToHashSet(StringComparer.Ordinal);
                metrics.Add(name, tags);
            }
        }

        return metrics;
    }

    /// <summary>Rows of the metrics table (`| `tokenwatch.x` | kind | `dim`, `dim` |`) and their dimensions.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> InMetricTable(string markdown) =>
        MetricRow()
            .Matches(markdown)
            .ToDictionary(
                m => m.Groups["name"].Value,
                m =>
                    (IReadOnlySet<string>)
                        Dimension()
                            .Matches(Explanation().Replace(m.Groups["dimensions"].Value, ""))
                            .Select(d => d.Groups["key"].Value)
                            .ToHashSet(StringComparer.Ordinal)
            );

    /// <summary>The TokenWatch metric names a query or a text mentions in quotes or backticks.</summary>
    public static IEnumerable<string> InQuery(string query) =>
        Named().Matches(query).Select(m => m.Groups["name"].Value);

    /// <summary>Every mismatch between the code's metrics and what the text names, one line each.</summary>
    public static IReadOnlyList<string> Problems(
        IReadOnlyDictionary<string, IReadOnlySet<string>> code,
        string operationsDoc,
        IEnumerable<(string Source, string Text)> queries
    )
    {
        var problems = new List<string>();
        var table = InMetricTable(operationsDoc);
        foreach (var (name, dimensions) in table)
        {
            if (!code.TryGetValue(name, out var tags))
            {
                problems.Add($"docs/operations.md lists metric {name}, which the code does not record");
            }
            else if (!tags.SetEquals(dimensions))
            {
                problems.Add(
                    $"docs/operations.md gives {name} the dimensions {Join(dimensions)}; "
                        + $"the code records {Join(tags)}"
                );
            }
        }

        problems.AddRange(
            code.Keys.Where(name => !table.ContainsKey(name))
                .Select(name => $"docs/operations.md does not list metric {name}")
        );
        foreach (var (source, text) in queries.Append(("docs/operations.md", operationsDoc)))
        {
            problems.AddRange(
                InQuery(text)
                    .Where(name => !code.ContainsKey(name))
                    .Distinct()
                    .Select(name => $"{source} names metric {name}, which the code does not record")
            );
        }

        return problems;
    }

    private static string Join(IEnumerable<string> keys) =>
        keys.Any() ? string.Join(", ", keys.Order(StringComparer.Ordinal)) : "(none)";

    [GeneratedRegex(@"const\s+string\s+(?<field>\w+)\s*=\s*""(?<value>[\w.]+)""")]
    private static partial Regex Constant();

    [GeneratedRegex(@"(?<field>_\w+)\s*=\s*_meter\.Create\w+<\w+>\(\s*(?:""(?<literal>[\w.]+)""|(?<constant>\w+))")]
    private static partial Regex Created();

    [GeneratedRegex(@"(?<field>_\w+)\.(?:Record|Add)\((?<arguments>.*?)\);", RegexOptions.Singleline)]
    private static partial Regex Recorded();

    [GeneratedRegex(@"KeyValuePair<string,\s*object\?>\(\s*""(?<key>\w+)""")]
    private static partial Regex Tag();

    [GeneratedRegex(
        @"^\|\s*`(?<name>tokenwatch\.[\w.]+)`\s*\|[^|\n]*\|(?<dimensions>[^\n]*)\|\s*$",
        RegexOptions.Multiline
    )]
    private static partial Regex MetricRow();

    /// <summary>A dimension cell names each key in backticks: `kind` (`ade`, …), `channel`.</summary>
    [GeneratedRegex(@"`(?<key>\w+)`")]
    private static partial Regex Dimension();

    /// <summary>What follows a key in parentheses (its values, in backticks too) is not a key.</summary>
    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Explanation();

    /// <summary>A quoted <c>tokenwatch.a.b</c> that is not a file name (tokenwatch.simulator.json).</summary>
    [GeneratedRegex(@"[""`](?<name>tokenwatch\.[a-z_]+(?:\.[a-z_]+)+)(?<!\.(?:json|md|cs))[""`\\]")]
    private static partial Regex Named();
}
