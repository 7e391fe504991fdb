using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch snooze</c>: hold a token's events until a date or until the token changes.</summary>
internal static class SnoozeVerb
{
    public static Command Create(VerbContext io)
    {
        var tenant = LedgerOptions.Tenant();
        var token = LedgerOptions.Token();
        var until = Required(
            "--until",
            "When the snooze ends: a date (2026-07-01, midnight UTC) or a time (2026-07-01T09:00Z)."
        );
        var reason = Required("--reason", "Why, for whoever reads the history later.");
        var snooze = new Command(
            "snooze",
            "Record a token's events without sending them until a date, or until the token changes "
                + "(renewed, a new condition, a new owner or topic)."
        )
        {
            tenant,
            token,
            until,
            reason,
            io.Config,
        };
        snooze.SetAction(
            (result, ct) =>
                SnoozeCommand.SnoozeAsync(
                    result.GetValue(tenant)!,
                    result.GetValue(token)!,
                    result.GetValue(until)!,
                    result.GetValue(reason)!,
                    result.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return snooze;
    }

    private static Option<string> Required(string name, string description) =>
        new(name) { Description = description, Required = true };
}
