using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary>The options <c>tokenwatch check</c> takes besides <c>--config</c>.</summary>
internal sealed class CheckVerbOptions
{
    public Option<string?> GraphUrl { get; } =
        new("--graph-url") { Description = "Graph root URL, without version (default: https://graph.microsoft.com)." };

    public Option<string?> Auth { get; } = AuthOption();

    public Option<string?> Tenant { get; } =
        new("--tenant")
        {
            Description =
                "Check only this tenant: its id, domain or display name; an id or domain that is not watched is "
                + "read with the global sign-in.",
        };

    public Option<string> Output { get; } = OutputOption();

    public Option<int?> Timeout { get; } = TimeoutOption();

    /// <summary><c>--no-enrollment</c>: the tokens alone, without the scan of each ADE token's devices.</summary>
    public Option<bool> NoEnrollment { get; } =
        new("--no-enrollment")
        {
            Description =
                "Skip the enrollment scan (each ADE token's devices, default profiles and Intune's connector status).",
        };

    private static Option<string?> AuthOption()
    {
        var auth = new Option<string?>("--auth")
        {
            Description = "How to sign in to Graph; 'none' only for a loopback --graph-url.",
        };
        auth.AcceptOnlyFromAmong(CliSettings.AuthSlugs);
        return auth;
    }

    private static Option<string> OutputOption()
    {
        var output = new Option<string>("--output")
        {
            Description =
                "table, json or nagios (the Nagios/Checkmk plugin format: a status line with performance data, "
                + "then the worst items).",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong(CheckOutput.Formats);
        return output;
    }

    private static Option<int?> TimeoutOption()
    {
        var timeout = new Option<int?>("--timeout")
        {
            Description =
                "Give up after this many seconds for the whole check (UNKNOWN), e.g. 9 under check_nrpe's 10.",
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 3600)
            {
                r.AddError("--timeout must be from 1 to 3600 seconds.");
            }
        });
        return timeout;
    }
}
