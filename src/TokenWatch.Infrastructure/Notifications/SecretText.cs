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
    /// A URL also travels in parts (its path and query carry a Workflows signature): each is scrubbed. A channel
    /// passes any other form of a secret it knows (the webhook's key without its prefix) as a secret of its own.
    /// </summary>
    private static IEnumerable<string> Forms(string? secret)
    {
        var value = secret!.Trim();
        yield return value;
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
