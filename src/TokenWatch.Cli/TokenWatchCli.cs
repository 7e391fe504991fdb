using System.CommandLine;
using TokenWatch.Cli.Verbs;
using TokenWatch.Core.Health;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// The <c>tokenwatch</c> command line: check | run | demo | simulate | snooze | unsnooze | history | rules | tenants
/// | status. Each command's options and help live in its builder under <c>Verbs/</c>.
/// </summary>
internal static class TokenWatchCli
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var io = VerbContext.Create(stdout, stderr);
        var check = CheckVerb.Create(io);
        var root = new RootCommand(
            "TokenWatch: watches the Apple tokens Intune depends on (ADE, VPP, APNs) and tells admins in time."
        )
        {
            check.Command,
            RunVerb.Create(io),
            DemoVerb.Create(io),
            SimulateVerb.Create(io),
            SnoozeVerb.Create(io),
            UnsnoozeVerb.Create(io),
            HistoryVerb.Create(io),
            RulesVerb.Create(io),
            TenantsVerb.Create(io),
            StatusVerb.Create(io),
        };
        ExitCodes.Document(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return await RefuseAsync(parse, stderr);
        }

        return await InvokeAsync(parse, check, io, cancellationToken);
    }

    private static async Task<int> RefuseAsync(ParseResult parse, TextWriter stderr)
    {
        foreach (var error in parse.Errors)
        {
            await stderr.WriteLineAsync(error.Message);
        }

        await stderr.WriteLineAsync("Run 'tokenwatch --help' for usage.");
        return 3;
    }

    private static async Task<int> InvokeAsync(
        ParseResult parse,
        CheckVerb check,
        VerbContext io,
        CancellationToken cancellationToken
    )
    {
        using var circuit = StorageCircuit.Open(cancellationToken);
        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = io.Stdout,
                Error = io.Stderr,
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(invocation, circuit.Token);
        }
        catch (OperationCanceledException) when (circuit.Reason is { } unreachable)
        {
            // One line, where the command's reader looks: a monitoring plugin's stdout, everyone else's stderr.
            await (check.WritesForAPlugin(parse) ? io.Stdout : io.Stderr).WriteLineAsync($"UNKNOWN: {unreachable}");
            return (int)HealthStatus.Unknown;
        }
        catch (ToolMissingException ex)
        {
            await io.Stderr.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            // As System.CommandLine's own handler: Ctrl+C ends quietly, anything else is shown whole for a bug report.
            if (ex is not OperationCanceledException)
            {
                await io.Stderr.WriteLineAsync($"Unhandled exception: {ex}");
            }

            return 1;
        }
    }
}
