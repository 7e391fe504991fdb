using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch unsnooze</c>: end a token's snooze now.</summary>
internal static class UnsnoozeVerb
{
    public static Command Create(VerbContext io)
    {
        var tenant = LedgerOptions.Tenant();
        var token = LedgerOptions.Token();
        var unsnooze = new Command("unsnooze", "End a token's snooze now: its next events are sent.")
        {
            tenant,
            token,
            io.Config,
        };
        unsnooze.SetAction(
            (result, ct) =>
                SnoozeCommand.UnsnoozeAsync(
                    result.GetValue(tenant)!,
                    result.GetValue(token)!,
                    result.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return unsnooze;
    }
}
