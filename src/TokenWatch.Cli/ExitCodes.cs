using System.CommandLine;

namespace TokenWatch.Cli;

/// <summary>What each command's exit code means, as its <c>--help</c> says it (and the README repeats).</summary>
internal static class ExitCodes
{
    public const string Check =
        "Exit code (monitoring-plugin convention): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a token or tenant not read "
        + "or judged, storage unreachable, bad configuration, --timeout reached); paused tenants do not count.";

    public const string Run =
        "Exit code: 0 every watched tenant read, stored and evaluated; 3 a tenant not read or stored, an evaluation "
        + "failed, storage unreachable or bad configuration (a paused tenant that cannot be read does not count).";

    public const string Report =
        "Exit code: 0 printed (whatever the tokens' health: 'check' is the command that alerts); 3 storage "
        + "unreachable, bad configuration or a refused argument.";

    public const string Change =
        "Exit code: 0 done; 3 refused (one line per problem), storage unreachable or bad configuration.";

    public const string Demo = "Exit code: 0 done; 1 the simulator or Azurite could not start.";

    /// <summary>Adds its exit codes to the help of every command that does not give them yet.</summary>
    public static void Document(Command command)
    {
        foreach (var sub in command.Subcommands)
        {
            Document(sub);
        }

        var codes = command.Name switch
        {
            "demo" or "simulate" => Demo,
            "snooze" or "unsnooze" or "add" or "set" or "remove" or "pause" or "resume" or "import" or "discover" =>
                Change,
            "status" or "history" or "rules" or "list" or "show" or "export" => Report,
            _ => null,
        };
        if (codes is not null && command.Description?.Contains("Exit code", StringComparison.Ordinal) != true)
        {
            command.Description = $"{command.Description} {codes}";
        }
    }
}
