using System.Net;
using System.Text.Json;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Keeps a channel's URL and secret out of text that will be logged or stored: an error, a refusal's body. Redact
/// before cutting: a cut first can leave part of a secret that no longer matches it.
/// </summary>
internal static class SecretText
{
    private const string Redacted = "[redacted]";

    /// <summary>A query value shorter than this is a setting (<c>sv=1.0</c>), not a secret, unless named as
    /// one.</summary>
    private const int MinSecretValue = 8;

    private static readonly string[] SecretNames = ["sig", "signature", "token", "key", "code", "secret", "password"];

    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        foreach (var form in Forms(secrets))
        {
            text = text.Replace(form, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>The longest form of any secret: text cut within this of its end may hold the start of one.</summary>
    public static int Longest(IEnumerable<string?> secrets) =>
        Forms(secrets).Select(f => f.Length).DefaultIfEmpty().Max();

    /// <summary>
    /// Every form a secret travels in, longest first (so a whole URL goes before its parts): as written, its URL
    /// parts (a Workflows signature is in the query), each query value alone, and each of those percent-decoded,
    /// percent-encoded, JSON- and HTML-escaped, as a receiver may echo them back.
    /// </summary>
    private static IEnumerable<string> Forms(IEnumerable<string?> secrets) =>
        secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .SelectMany(s => Parts(s!.Trim()))
            .SelectMany(Encodings)
            .Where(f => f.Length >= 4)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(f => f.Length);

    private static IEnumerable<string> Parts(string value)
    {
        yield return value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        yield return uri.AbsoluteUri;
        foreach (var part in new[] { uri.PathAndQuery, uri.AbsolutePath, uri.Query.TrimStart('?') })
        {
            if (part.Length >= MinSecretValue)
            {
                yield return part;
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, val) = pair.IndexOf('=') is var i and > 0 ? (pair[..i], pair[(i + 1)..]) : ("", pair);
            if (val.Length >= MinSecretValue || (val.Length > 0 && SecretNames.Contains(name.ToLowerInvariant())))
            {
                yield return val;
            }
        }
    }

    private static IEnumerable<string> Encodings(string form)
    {
        var decoded = Uri.UnescapeDataString(form);
        foreach (var text in new[] { form, decoded })
        {
            yield return text;
            yield return Uri.EscapeDataString(text);
            yield return WebUtility.UrlEncode(text);
            yield return JsonSerializer.Serialize(text)[1..^1];
            yield return text.Replace("/", "\\/", StringComparison.Ordinal);
            yield return WebUtility.HtmlEncode(text);
        }
    }
}
