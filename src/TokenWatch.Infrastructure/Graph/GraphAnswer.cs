using System.Globalization;
using System.Text.Json;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TokenWatch.Infrastructure.Http;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>What a failed Graph answer says, read for <see cref="GraphFailures"/>: its ids, wait and message.</summary>
internal static class GraphAnswer
{
    /// <summary>Graph's error body first, then the response headers, then what TokenWatch itself sent and
    /// saw.</summary>
    internal static (string? RequestId, string? ClientRequestId) RequestIds(Exception ex, RequestTrace? trace)
    {
        var inner = (ex as ODataError)?.Error?.InnerError;
        var headers = (ex as ApiException)?.ResponseHeaders;
        var requestId = Clean(inner?.RequestId) ?? Clean(Header(headers, "request-id")) ?? Clean(trace?.RequestId);
        var clientRequestId = Clean(inner?.ClientRequestId)
            ?? Clean(Header(headers, "client-request-id"))
            ?? Clean(trace?.ClientRequestId);
        return (requestId, clientRequestId);
    }

    internal static string? RetryAfter(Exception ex, RequestTrace? trace)
    {
        var raw = Header((ex as ApiException)?.ResponseHeaders, "Retry-After") ?? trace?.RetryAfter;
        if (Clean(raw) is not { } value)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? $"{seconds} s"
            : value;
    }

    internal static string? Header(IDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers
            ?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault();

    /// <summary>Ids go into logs and emails: keep them short and on one line whatever a server sent.</summary>
    internal static string? Clean(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : GraphFailures.Shorten(GraphFailures.OneLine(id), 100);

    /// <summary>
    /// Intune often puts a JSON string inside <c>error.message</c>, sometimes two levels deep; show the innermost
    /// <c>Message</c> when it does.
    /// </summary>
    internal static string ErrorMessage(ApiException api)
    {
        var raw = api is ODataError { Error.Message: { Length: > 0 } m } ? m : api.Message;
        for (var depth = 0; depth < 3 && raw.TrimStart().StartsWith('{'); depth++)
        {
            try
            {
                using var doc = JsonDocument.Parse(raw);
                if (
                    doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("Message", out var inner)
                    || inner.ValueKind != JsonValueKind.String
                )
                {
                    break;
                }

                raw = inner.GetString() ?? raw;
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text as it came.
                break;
            }
        }

        return GraphFailures.OneLine(raw);
    }

    /// <summary>
    /// "Request not applicable to target tenant." is what Intune endpoints answer (400) in a tenant without an
    /// Intune licence or MDM authority [3P]; the licence words cover the messages Microsoft documents elsewhere.
    /// </summary>
    internal static bool LooksUnlicensed(string message) =>
        message.Contains("not applicable to target tenant", StringComparison.OrdinalIgnoreCase)
        || message.Contains("licens", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not enabled for Intune", StringComparison.OrdinalIgnoreCase);
}
