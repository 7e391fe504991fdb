using System.CommandLine;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli.Verbs;

/// <summary>The options that name one tenant's token in the alert ledger: snooze, unsnooze and history.</summary>
internal static class LedgerOptions
{
    public static Option<string> Tenant() =>
        new("--tenant") { Description = "The tenant: its id or display name, as configured.", Required = true };

    public static Option<string> Token() =>
        new("--token")
        {
            Description =
                "The token as KIND:ID, e.g. ade:9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10 "
                + $"(kinds: {TokenKinds.SlugList}).",
            Required = true,
        };
}
