using System.Text.Json;
using SendGrid;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// SendGrid's <c>{"errors":[{"message","field"}]}</c> as one line; any other body cleaned and shortened.
/// </summary>
internal static class SendGridErrorText
{
    private const int MaxLength = 500;

    public static async Task<string> ReadAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            var lines = Lines(json.RootElement);
            if (lines.Count > 0)
            {
                return Words.Clean(string.Join("; ", lines), MaxLength).TrimEnd('.') + ".";
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's JSON (a proxy's HTML page, an empty body): shown as it is, cleaned below.
        }

        return string.IsNullOrWhiteSpace(body) ? "(no error text)." : Words.Clean(body, MaxLength);
    }

    private static List<string?> Lines(JsonElement root)
    {
        if (
            root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array
        )
        {
            return [];
        }

        return errors
            .EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object)
            .Select(Line)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToList();
    }

    private static string? Line(JsonElement error)
    {
        var text = StringOf(error, "message");
        var field = StringOf(error, "field");
        return string.IsNullOrWhiteSpace(field) ? text : $"{text} (field: {field})";
    }

    private static string? StringOf(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
