using System.Text.RegularExpressions;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// The <c>customDimensions</c> the app writes (the placeholders of every [LoggerMessage] template, the keys of its
/// log scopes, the event name, and the tags of its metrics) and the ones ops-facing queries read.
/// </summary>
internal static partial class PropertyNames
{
    /// <summary>Every property a log row of the app carries in <c>customDimensions</c>.</summary>
    public static IReadOnlySet<string> LoggedInCode()
    {
        var properties = new HashSet<string>(StringComparer.Ordinal) { "EventName" };
        var source = Path.Combine(RepositoryPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match message in LoggerMessage().Matches(text))
            {
                properties.UnionWith(
                    Placeholder().Matches(message.Groups["body"].Value).Select(p => p.Groups["name"].Value)
                );
            }

            foreach (Match scope in Scope().Matches(text))
            {
                properties.UnionWith(
                    ScopeKey().Matches(scope.Groups["body"].Value).Select(k => k.Groups["name"].Value)
                );
            }
        }

        return properties;
    }

    /// <summary>The properties a query reads: <c>customDimensions.X</c> and <c>customDimensions["X"]</c>.</summary>
    public static IEnumerable<string> InQuery(string query) =>
        Read()
            .Matches(query)
            .Select(m => m.Groups["dotted"].Success ? m.Groups["dotted"].Value : m.Groups["quoted"].Value);

    /// <summary>Every property a query reads that neither a log event nor a metric writes, one line each.</summary>
    public static IReadOnlyList<string> Problems(
        IReadOnlySet<string> written,
        IEnumerable<(string Source, string Text)> queries
    ) =>
        queries
            .SelectMany(q =>
                InQuery(q.Text)
                    .Where(p => !written.Contains(p))
                    .Distinct()
                    .Select(p => $"{q.Source} reads customDimensions.{p}, which no event or metric of the code writes")
            )
            .ToList();

    [GeneratedRegex(@"\[LoggerMessage\((?<body>.*?)\)\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"\{(?<name>\w+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"BeginScope\(new Dictionary<string, object\??>\s*\{(?<body>[^}]*)\}")]
    private static partial Regex Scope();

    [GeneratedRegex(@"\[""(?<name>\w+)""\]\s*=")]
    private static partial Regex ScopeKey();

    [GeneratedRegex(@"customDimensions(?:\.(?<dotted>\w+)|\[\s*\\?[""'](?<quoted>\w+)\\?[""']\s*\])")]
    private static partial Regex Read();
}
