using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch history</c>: a tenant's timeline of observations, sends and open alerts.</summary>
internal static class HistoryVerb
{
    public static Command Create(VerbContext io)
    {
        var tenant = LedgerOptions.Tenant();
        var token = new Option<string?>("--token") { Description = "Only this token (KIND:ID)." };
        var days = Days();
        var history = new Command(
            "history",
            "Print a tenant's timeline: what the polls observed, what admins were sent, and what is open now."
        )
        {
            tenant,
            token,
            days,
            io.Config,
        };
        history.SetAction(
            (result, ct) =>
                HistoryCommand.RunAsync(
                    result.GetValue(tenant)!,
                    result.GetValue(token),
                    result.GetValue(days),
                    result.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return history;
    }

    private static Option<int> Days()
    {
        var days = new Option<int>("--days") { Description = "How far back, in days.", DefaultValueFactory = _ => 90 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                r.AddError("--days must be from 1 to 3650.");
            }
        });
        return days;
    }
}
