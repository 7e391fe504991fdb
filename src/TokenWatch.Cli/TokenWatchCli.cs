using System.CommandLine;

namespace TokenWatch.Cli;

/// <summary>The <c>tokenwatch</c> command line: check | run | demo.</summary>
internal static class TokenWatchCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var config = new Option<string?>("--config") { Description = $"A JSON settings file (default: {CliSettings.DefaultFile} when present). Environment variables (TokenWatch__…) apply on top." };

        var graphUrl = new Option<string?>("--graph-url") { Description = "Graph root URL, without version (default: https://graph.microsoft.com)." };
        var auth = new Option<string?>("--auth") { Description = "How to sign in to Graph; 'none' only for a loopback --graph-url." };
        auth.AcceptOnlyFromAmong(CliSettings.AuthSlugs);
        var tenant = new Option<string?>("--tenant") { Description = "Check only this tenant id (added if it is not configured)." };
        var output = new Option<string>("--output") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var check = new Command("check", "Read every tenant's Apple tokens now and print their health. Exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
        {
            graphUrl, auth, tenant, output, config,
        };
        check.SetAction((result, ct) => CheckCommand.RunAsync(
            result.GetValue(graphUrl), result.GetValue(auth), result.GetValue(tenant), result.GetValue(output)!, result.GetValue(config), stdout, stderr, ct));

        var run = new Command("run", "Run one poll + evaluate + notify cycle with the app's configuration.") { config };
        run.SetAction((result, ct) => RunCommand.RunAsync(result.GetValue(config), stdout, stderr, ct));

        var outbox = new Option<string>("--outbox") { Description = "Where the demo writes its emails.", DefaultValueFactory = _ => "outbox" };
        var demo = new Command("demo", "Walk a simulated tenant through weeks of token trouble (simulator + Azurite, no Azure needed); emails go to ./outbox.") { outbox };
        demo.SetAction((result, ct) => DemoCommand.RunAsync(result.GetValue(outbox)!, stdout, stderr, ct));

        var root = new RootCommand("TokenWatch: watches the Apple tokens Intune depends on (ADE, VPP, APNs) and tells admins in time.")
        {
            check, run, demo,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message);
            }

            await stderr.WriteLineAsync("Run 'tokenwatch --help' for usage.");
            return 3;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
