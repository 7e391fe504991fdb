using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch check</c>, and whether a parse asked it for the monitoring-plugin format.</summary>
internal sealed class CheckVerb
{
    private readonly CheckVerbOptions options;

    private CheckVerb(Command command, CheckVerbOptions options)
    {
        Command = command;
        this.options = options;
    }

    public Command Command { get; }

    public static CheckVerb Create(VerbContext io)
    {
        var options = new CheckVerbOptions();
        var check = new Command(
            "check",
            "Read every tenant's Apple tokens now and print their health. " + ExitCodes.Check
        )
        {
            options.GraphUrl,
            options.Auth,
            options.Tenant,
            options.Output,
            options.Timeout,
            io.Config,
            options.NoEnrollment,
        };
        check.SetAction(
            (result, ct) =>
                CheckCommand.RunAsync(
                    new CheckArguments(
                        result.GetValue(options.GraphUrl),
                        result.GetValue(options.Auth),
                        result.GetValue(options.Tenant),
                        result.GetValue(io.Config),
                        result.GetValue(options.Timeout),
                        result.GetValue(options.NoEnrollment)
                    ),
                    new CheckOutput(result.GetValue(options.Output)!, io.Stdout, io.Stderr),
                    ct
                )
        );
        return new CheckVerb(check, options);
    }

    /// <summary>True when the parse ran this command for a monitoring plugin, whose reader looks at stdout.</summary>
    public bool WritesForAPlugin(ParseResult parse) =>
        parse.CommandResult.Command == Command && parse.GetValue(options.Output) == "nagios";
}
