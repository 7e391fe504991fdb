using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch run</c>: one poll + evaluate + notify cycle, quiet or verbose.</summary>
internal static class RunVerb
{
    public static Command Create(VerbContext io)
    {
        var quiet = new Option<bool>("--quiet")
        {
            Description = "Log errors only, no progress: the summary line and what needs a person (cron).",
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Log every step (Information), progress as lines.",
        };
        var run = new Command(
            "run",
            "Run one poll + evaluate + notify cycle with the app's configuration. Logs warnings and errors on stderr "
                + "(Logging__LogLevel__Default changes that). "
                + ExitCodes.Run
        )
        {
            io.Config,
            quiet,
            verbose,
        };
        run.Validators.Add(r => RefuseBoth(r, quiet, verbose));
        run.SetAction(
            (result, ct) =>
                RunCommand.RunAsync(
                    result.GetValue(io.Config),
                    result.GetValue(quiet) ? LogLevel.Error
                        : result.GetValue(verbose) ? LogLevel.Information
                        : null,
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return run;
    }

    private static void RefuseBoth(CommandResult result, Option<bool> quiet, Option<bool> verbose)
    {
        if (result.GetValue(quiet) && result.GetValue(verbose))
        {
            result.AddError("--quiet and --verbose cannot be used together.");
        }
    }
}
