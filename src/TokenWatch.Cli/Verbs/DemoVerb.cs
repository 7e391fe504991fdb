using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch demo</c>: a simulated tenant through weeks of token trouble.</summary>
internal static class DemoVerb
{
    public static Command Create(VerbContext io)
    {
        var outbox = new Option<string>("--outbox")
        {
            Description = "Where the demo writes its emails.",
            DefaultValueFactory = _ => "outbox",
        };
        var demo = new Command(
            "demo",
            "Walk a simulated tenant through weeks of token trouble (simulator + Azurite, no Azure needed); "
                + "emails go to ./outbox."
        )
        {
            outbox,
        };
        demo.SetAction((result, ct) => DemoCommand.RunAsync(result.GetValue(outbox)!, io.Stdout, io.Stderr, ct));
        return demo;
    }
}
