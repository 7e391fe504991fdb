namespace TokenWatch.Cli;

/// <summary>
/// What <c>tokenwatch check</c> was asked: where Graph is, how to sign in, which tenant, how long at most.
/// </summary>
internal sealed record CheckArguments(
    string? GraphUrl,
    string? Auth,
    string? Tenant,
    string? ConfigFile,
    int? TimeoutSeconds,
    bool NoEnrollment = false
)
{
    /// <summary>The settings the options override, over the file and the environment.</summary>
    public Dictionary<string, string?> Overrides()
    {
        var overrides = new Dictionary<string, string?>();
        if (GraphUrl is not null)
        {
            overrides["TokenWatch:Graph:BaseUrl"] = GraphUrl;
        }

        if (CliSettings.ParseAuth(Auth) is { } graphAuth)
        {
            overrides["TokenWatch:Graph:Auth"] = graphAuth.ToString();
        }

        return overrides;
    }
}
