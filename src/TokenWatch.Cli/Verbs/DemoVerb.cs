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
        var serve = new Option<bool>("--serve")
        {
            Description =
                "After the timeline, serve the action page on 127.0.0.1 until Ctrl+C so the emails' links work "
                + "(default: only when run at a terminal).",
            DefaultValueFactory = _ => !Console.IsInputRedirected && !Console.IsOutputRedirected,
        };
        var demo = new Command(
            "demo",
            "Walk a simulated tenant through weeks of token trouble (simulator + Azurite, no Azure needed); "
                + "emails go to ./outbox."
        )
        {
            outbox,
            serve,
        };
        demo.SetAction(
            (result, ct) =>
                DemoCommand.RunAsync(result.GetValue(outbox)!, result.GetValue(serve), io.Stdout, io.Stderr, ct)
        );
        return demo;
    }
}
