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
    /// <summary><c>--no-enrollment</c>: the tokens alone, without the scan of each ADE token's devices.</summary>
    public static System.CommandLine.Option<bool> NoEnrollmentOption() =>
        new("--no-enrollment")
        {
            Description =
                "Skip the enrollment scan (each ADE token's devices, default profiles and Intune's connector status).",
        };

    /// <summary>The bounds of <c>--timeout</c>: 1 to 3600 seconds.</summary>
    public static void ValidateTimeout(System.CommandLine.Parsing.OptionResult result)
    {
        if (result.GetValueOrDefault<int?>() is < 1 or > 3600)
        {
            result.AddError("--timeout must be from 1 to 3600 seconds.");
        }
    }

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
