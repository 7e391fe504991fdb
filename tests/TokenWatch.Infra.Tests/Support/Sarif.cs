using System.Text;
using System.Text.Json;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>
/// Reads the diagnostics of `bicep ... --diagnostics-format sarif` (one or more SARIF documents in a row).
/// </summary>
internal static class Sarif
{
    public static IReadOnlyList<Diagnostic> Parse(string text)
    {
        var diagnostics = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return diagnostics;
        }

        var reader = new Utf8JsonReader(
            Encoding.UTF8.GetBytes(text),
            new JsonReaderOptions { AllowMultipleValues = true }
        );
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    diagnostics.Add(
                        new Diagnostic(
                            result.TryGetProperty("ruleId", out var rule) ? rule.GetString() ?? "" : "",
                            result.TryGetProperty("level", out var level) ? level.GetString() ?? "warning" : "warning",
                            result.GetProperty("message").GetProperty("text").GetString() ?? "",
                            DescribeLocation(result)
                        )
                    );
                }
            }
        }

        return diagnostics;
    }

    private static string DescribeLocation(JsonElement result)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0)
        {
            return "?";
        }

        var physical = locations[0].GetProperty("physicalLocation");
        var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString();
        var line =
            physical.TryGetProperty("region", out var region) && region.TryGetProperty("startLine", out var l)
                ? l.GetInt32()
                : 0;
        return $"{uri}({line})";
    }
}
