using System.Text.Json.Nodes;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>Walks a compiled ARM template: the root and every nested (module) deployment template.</summary>
internal static class ArmTemplate
{
    public sealed record Scope(string Path, JsonObject Template);

    public static IEnumerable<Scope> AllTemplates(JsonObject root) => Walk("main", root);

    /// <summary>Resources of a template; languageVersion 2.0 keys them by symbolic name, 1.0 lists them.</summary>
    public static IEnumerable<(string Name, JsonObject Resource)> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonObject byName => byName.Select(p => (p.Key, p.Value!.AsObject())),
            JsonArray list => list.Select((r, i) => (r!["name"]?.ToString() ?? $"#{i}", r!.AsObject())),
            _ => [],
        };

    public static IEnumerable<(string Name, JsonObject Parameter)> Parameters(JsonObject template) =>
        (template["parameters"] as JsonObject ?? []).Select(p => (p.Key, p.Value!.AsObject()));

    public static IEnumerable<(string Name, JsonObject Output)> Outputs(JsonObject template) =>
        (template["outputs"] as JsonObject ?? []).Select(p => (p.Key, p.Value!.AsObject()));

    public static bool IsSecure(JsonObject parameterOrOutput) =>
        parameterOrOutput["type"]?.ToString().StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Every string anywhere below <paramref name="node"/>, with its JSON path.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    foreach (var s in Strings(value, $"{path}.{key}"))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var s in Strings(a[i], $"{path}[{i}]"))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    private static IEnumerable<Scope> Walk(string path, JsonObject template)
    {
        yield return new Scope(path, template);
        foreach (var (name, resource) in Resources(template))
        {
            if (
                resource["type"]?.ToString() == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested
            )
            {
                foreach (var scope in Walk($"{path}/{name}", nested))
                {
                    yield return scope;
                }
            }
        }
    }
}
