using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch rules</c>: every health rule and threshold with the document it rests on.</summary>
internal static class RulesVerb
{
    public static Command Create(VerbContext io)
    {
        var output = new Option<string>("--output")
        {
            Description = "markdown.",
            DefaultValueFactory = _ => "markdown",
        };
        output.AcceptOnlyFromAmong("markdown");
        var rules = new Command(
            "rules",
            "Print every health rule and threshold (as configured) with the document it rests on."
        )
        {
            output,
            io.Config,
        };
        rules.SetAction((result, ct) => RulesCommand.RunAsync(result.GetValue(io.Config), io.Stdout, ct));
        return rules;
    }
}
