namespace TokenWatch.Infrastructure.Actions;

/// <summary>The page to answer with: a status code and a complete HTML document.</summary>
public sealed record ActionPageResponse(int Status, string Html)
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>No caching, no framing, no scripts, no outside resources: the page is a form and its words.</summary>
    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["Cache-Control"] = "no-store",
        ["Content-Security-Policy"] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
    };
}
