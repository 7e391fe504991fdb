using System.Globalization;
using System.Text.Json;

namespace TokenWatch.Functions;

/// <summary>Reads host.json's <c>functionTimeout</c>, so the poll's time budget follows the host's limit.</summary>
public static class HostTimeout
{
    public const string Setting = "TokenWatch:Cycle:FunctionTimeoutSeconds";

    /// <summary>The timeout in whole seconds; null when the file or the value is missing or not a time span.</summary>
    public static int? Seconds(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return null;
        }

        using var document = JsonDocument.Parse(
            File.ReadAllText(hostJsonPath),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }
        );
        return
            document.RootElement.TryGetProperty("functionTimeout", out var value)
            && value.ValueKind == JsonValueKind.String
            && TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var timeout)
            && timeout > TimeSpan.Zero
            ? (int)timeout.TotalSeconds
            : null;
    }
}
