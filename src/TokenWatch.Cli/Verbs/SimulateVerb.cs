using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch simulate</c>: Azurite and a simulated Graph until Ctrl+C, for trying the MSP flow.</summary>
internal static class SimulateVerb
{
    public static Command Create(VerbContext io)
    {
        var writeConfig = new Option<string>("--write-config")
        {
            Description = "Where to write the settings that point at the simulator.",
            DefaultValueFactory = _ => "tokenwatch.simulator.json",
        };
        var simulate = new Command(
            "simulate",
            "Run Azurite and a simulated Graph with a partner tenant and GDAP customers until Ctrl+C, "
                + "for trying the MSP flow."
        )
        {
            writeConfig,
        };
        simulate.SetAction(
            (result, ct) => SimulateCommand.RunAsync(result.GetValue(writeConfig)!, io.Stdout, io.Stderr, ct)
        );
        return simulate;
    }
}
