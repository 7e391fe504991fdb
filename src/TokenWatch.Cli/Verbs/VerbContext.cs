using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary>What the commands share: the <c>--config</c> option and where they write.</summary>
internal sealed record VerbContext(Option<string?> Config, TextWriter Stdout, TextWriter Stderr)
{
    public static VerbContext Create(TextWriter stdout, TextWriter stderr) =>
        new(
            new Option<string?>("--config")
            {
                Description =
                    $"A JSON settings file (default: {CliSettings.DefaultFile} when present). "
                    + "Environment variables (TokenWatch__…) apply on top.",
            },
            stdout,
            stderr
        );
}
