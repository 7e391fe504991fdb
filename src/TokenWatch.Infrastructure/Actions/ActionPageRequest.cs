namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// One request to the action page as the host hands it over: method, the link's token, the posted form, the client's
/// address (for the rate limit) and the platform's principal headers, which are read only when the platform's
/// sign-in is configured on (<c>TokenWatch:Actions:PlatformSignIn</c>).
/// </summary>
public sealed record ActionPageRequest(
    string Method,
    string? Token,
    IReadOnlyDictionary<string, string> Form,
    string ClientAddress,
    string? PrincipalName = null
)
{
    /// <summary>The principal header App Service Authentication sets (and strips from what a client sends).</summary>
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);
}
