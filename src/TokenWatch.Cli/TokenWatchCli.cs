using System.CommandLine;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>The <c>tokenwatch</c> command line: check | run | demo | simulate | snooze | unsnooze | history | rules | tenants | status.</summary>
internal static class TokenWatchCli
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var config = new Option<string?>("--config")
        {
            Description =
                $"A JSON settings file (default: {CliSettings.DefaultFile} when present). Environment variables (TokenWatch__…) apply on top.",
        };

        var graphUrl = new Option<string?>("--graph-url")
        {
            Description = "Graph root URL, without version (default: https://graph.microsoft.com).",
        };
        var auth = new Option<string?>("--auth")
        {
            Description = "How to sign in to Graph; 'none' only for a loopback --graph-url.",
        };
        auth.AcceptOnlyFromAmong(CliSettings.AuthSlugs);
        var tenant = new Option<string?>("--tenant")
        {
            Description =
                "Check only this tenant: its id, domain or display name; an id or domain that is not watched is "
                + "read with the global sign-in.",
        };
        var output = new Option<string>("--output")
        {
            Description =
                "table, json or nagios (the Nagios/Checkmk plugin format: a status line with performance data, "
                + "then the worst items).",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong(CheckOutput.Formats);
        var timeout = new Option<int?>("--timeout")
        {
            Description =
                "Give up after this many seconds for the whole check (UNKNOWN), e.g. 9 under check_nrpe's 10.",
        };
        timeout.Validators.Add(CheckArguments.ValidateTimeout);
        var noEnrollment = CheckArguments.NoEnrollmentOption();
        var check = new Command(
            "check",
            "Read every tenant's Apple tokens now and print their health. " + ExitCodes.Check
        )
        {
            graphUrl,
            auth,
            tenant,
            output,
            timeout,
            config,
            noEnrollment,
        };
        check.SetAction(
            (result, ct) =>
                CheckCommand.RunAsync(
                    new CheckArguments(
                        result.GetValue(graphUrl),
                        result.GetValue(auth),
                        result.GetValue(tenant),
                        result.GetValue(config),
                        result.GetValue(timeout),
                        result.GetValue(noEnrollment)
                    ),
                    new CheckOutput(result.GetValue(output)!, stdout, stderr),
                    ct
                )
        );

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
            config,
            quiet,
            verbose,
        };
        run.Validators.Add(r =>
        {
            if (r.GetValue(quiet) && r.GetValue(verbose))
            {
                r.AddError("--quiet and --verbose cannot be used together.");
            }
        });
        run.SetAction(
            (result, ct) =>
                RunCommand.RunAsync(
                    result.GetValue(config),
                    result.GetValue(quiet) ? LogLevel.Error
                        : result.GetValue(verbose) ? LogLevel.Information
                        : null,
                    stdout,
                    stderr,
                    ct
                )
        );

        var outbox = new Option<string>("--outbox")
        {
            Description = "Where the demo writes its emails.",
            DefaultValueFactory = _ => "outbox",
        };
        var demo = new Command(
            "demo",
            "Walk a simulated tenant through weeks of token trouble (simulator + Azurite, no Azure needed); emails go to ./outbox."
        )
        {
            outbox,
        };
        demo.SetAction((result, ct) => DemoCommand.RunAsync(result.GetValue(outbox)!, stdout, stderr, ct));

        var simulateConfig = new Option<string>("--write-config")
        {
            Description = "Where to write the settings that point at the simulator.",
            DefaultValueFactory = _ => "tokenwatch.simulator.json",
        };
        var simulate = new Command(
            "simulate",
            "Run Azurite and a simulated Graph with a partner tenant and GDAP customers until Ctrl+C, for trying the MSP flow."
        )
        {
            simulateConfig,
        };
        simulate.SetAction(
            (result, ct) => SimulateCommand.RunAsync(result.GetValue(simulateConfig)!, stdout, stderr, ct)
        );

        var ledgerTenant = new Option<string>("--tenant")
        {
            Description = "The tenant: its id or display name, as configured.",
            Required = true,
        };
        var token = new Option<string>("--token")
        {
            Description =
                "The token as KIND:ID, e.g. ade:9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10 "
                + $"(kinds: {TokenKinds.SlugList}).",
            Required = true,
        };
        var until = new Option<string>("--until")
        {
            Description = "When the snooze ends: a date (2026-07-01, midnight UTC) or a time (2026-07-01T09:00Z).",
            Required = true,
        };
        var reason = new Option<string>("--reason")
        {
            Description = "Why, for whoever reads the history later.",
            Required = true,
        };
        var snooze = new Command(
            "snooze",
            "Record a token's events without sending them until a date, or until the token changes (renewed, a new condition, a new owner or topic)."
        )
        {
            ledgerTenant,
            token,
            until,
            reason,
            config,
        };
        snooze.SetAction(
            (result, ct) =>
                SnoozeCommand.SnoozeAsync(
                    result.GetValue(ledgerTenant)!,
                    result.GetValue(token)!,
                    result.GetValue(until)!,
                    result.GetValue(reason)!,
                    result.GetValue(config),
                    stdout,
                    stderr,
                    ct
                )
        );

        var unsnooze = new Command("unsnooze", "End a token's snooze now: its next events are sent.")
        {
            ledgerTenant,
            token,
            config,
        };
        unsnooze.SetAction(
            (result, ct) =>
                SnoozeCommand.UnsnoozeAsync(
                    result.GetValue(ledgerTenant)!,
                    result.GetValue(token)!,
                    result.GetValue(config),
                    stdout,
                    stderr,
                    ct
                )
        );

        var historyToken = new Option<string?>("--token") { Description = "Only this token (KIND:ID)." };
        var days = new Option<int>("--days") { Description = "How far back, in days.", DefaultValueFactory = _ => 90 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                r.AddError("--days must be from 1 to 3650.");
            }
        });
        var history = new Command(
            "history",
            "Print a tenant's timeline: what the polls observed, what admins were sent, and what is open now."
        )
        {
            ledgerTenant,
            historyToken,
            days,
            config,
        };
        history.SetAction(
            (result, ct) =>
                HistoryCommand.RunAsync(
                    result.GetValue(ledgerTenant)!,
                    result.GetValue(historyToken),
                    result.GetValue(days),
                    result.GetValue(config),
                    stdout,
                    stderr,
                    ct
                )
        );

        var rulesOutput = new Option<string>("--output")
        {
            Description = "markdown.",
            DefaultValueFactory = _ => "markdown",
        };
        rulesOutput.AcceptOnlyFromAmong("markdown");
        var rules = new Command(
            "rules",
            "Print every health rule and threshold (as configured) with the document it rests on."
        )
        {
            rulesOutput,
            config,
        };
        rules.SetAction((result, ct) => RulesCommand.RunAsync(result.GetValue(config), stdout, ct));

        var root = new RootCommand(
            "TokenWatch: watches the Apple tokens Intune depends on (ADE, VPP, APNs) and tells admins in time."
        )
        {
            check,
            run,
            demo,
            simulate,
            snooze,
            unsnooze,
            history,
            rules,
            TenantsCommand.Create(config, stdout, stderr),
            TenantsCommand.Status(config, stdout, stderr),
        };
        ExitCodes.Document(root);
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

        using var circuit = StorageCircuit.Open(cancellationToken);
        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = stdout,
                    Error = stderr,
                    EnableDefaultExceptionHandler = false,
                },
                circuit.Token
            );
        }
        catch (OperationCanceledException) when (circuit.Reason is { } unreachable)
        {
            // One line, where the command's reader looks: a monitoring plugin's stdout, everyone else's stderr.
            var plugin = parse.CommandResult.Command == check && parse.GetValue(output) == "nagios";
            await (plugin ? stdout : stderr).WriteLineAsync($"UNKNOWN: {unreachable}");
            return (int)HealthStatus.Unknown;
        }
        catch (ToolMissingException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            // As System.CommandLine's own handler: Ctrl+C ends quietly, anything else is shown whole for a bug report.
            if (ex is not OperationCanceledException)
            {
                await stderr.WriteLineAsync($"Unhandled exception: {ex}");
            }

            return 1;
        }
    }
}
