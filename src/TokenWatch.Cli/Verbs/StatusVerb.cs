using System.CommandLine;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli.Verbs;

/// <summary><c>tokenwatch status</c>: every watched tenant's tokens from stored state, filtered.</summary>
internal static class StatusVerb
{
    public static Command Create(VerbContext io)
    {
        var options = new StatusVerbOptions();
        var command = new Command(
            "status",
            "Every watched tenant's tokens from stored state (no Graph call), worst first, then by days to expiry."
        )
        {
            options.Status,
            options.Kind,
            options.Within,
            options.Output,
            options.Renewals,
            io.Config,
        };
        command.SetAction(
            async (r, ct) =>
            {
                var problems = new List<string>();
                var query = Query(r, options, problems);
                if (!CatalogSession.Report(problems, "status", io.Stderr))
                {
                    return CatalogSession.Refused;
                }

                return await StatusCommand.RunAsync(query, r.GetValue(io.Config), io.Stdout, io.Stderr, ct);
            }
        );
        return command;
    }

    private static StatusQuery Query(ParseResult r, StatusVerbOptions options, List<string> problems)
    {
        var statuses = CommaList.Parse<HealthStatus>(
            r.GetValue(options.Status),
            "--status",
            s =>
                Enum.TryParse<HealthStatus>(s, true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _)
                    ? v
                    : null,
            problems
        );
        var kinds = CommaList.Parse<TokenKind>(
            r.GetValue(options.Kind),
            "--kind",
            s => TokenKindNames.TryParseSlug(s, out var k) ? k : (TokenKind?)null,
            problems
        );
        int? days = null;
        if (r.GetValue(options.Within) is { } text)
        {
            days = StatusQuery.TryParseDays(text, out var parsed, out var problem) ? parsed : null;
            problems.AddRange(problem is null ? [] : [problem]);
        }

        return new StatusQuery(statuses, kinds, days, r.GetValue(options.Output)!, r.GetValue(options.Renewals));
    }
}
