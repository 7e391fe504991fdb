namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Keeps a channel's URL and secret out of text that will be logged or stored: an error, a refusal's body.
/// </summary>
internal static class SecretText
{
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrWhiteSpace(s)).SelectMany(Forms))
        {
            text = text.Replace(secret, "[redacted]", StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>
    /// A URL also travels in parts (its path and query carry a Workflows signature): each is scrubbed. A signing
    /// secret is echoed by some receivers without its <c>whsec_</c> prefix (the base64 key is what their library
    /// takes): that form is scrubbed too.
    /// </summary>
    private static IEnumerable<string> Forms(string? secret)
    {
        var value = secret!.Trim();
        yield return value;
        if (
            value.StartsWith(WebhookSignature.SecretPrefix, StringComparison.Ordinal)
            && value.Length > WebhookSignature.SecretPrefix.Length
        )
        {
            yield return value[WebhookSignature.SecretPrefix.Length..];
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            yield return uri.AbsoluteUri;
            if (uri.PathAndQuery.Length > 1)
            {
                yield return uri.PathAndQuery;
            }

            if (uri.Query.Length > 1)
            {
                yield return uri.Query.TrimStart('?');
            }
        }
    }
}
