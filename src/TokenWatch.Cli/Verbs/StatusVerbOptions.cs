using System.CommandLine;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli.Verbs;

/// <summary>The filters and formats <c>tokenwatch status</c> takes.</summary>
internal sealed class StatusVerbOptions
{
    public Option<string?> Status { get; } =
        new("--status") { Description = "Only these statuses, comma-separated: critical, unknown, warning, ok." };

    public Option<string?> Kind { get; } =
        new("--kind") { Description = $"Only these kinds, comma-separated: {TokenKinds.SlugList}." };

    public Option<string?> Within { get; } =
        new("--expires-within") { Description = "Only tokens expiring within this many days (or expired), e.g. 60d." };

    public Option<string> Output { get; } = OutputOption();

    public Option<bool> Renewals { get; } =
        new("--renewals")
        {
            Description =
                "Upcoming renewals: what expires within --expires-within "
                + $"(default {StatusQuery.DefaultRenewalDays}d), by date.",
        };

    private static Option<string> OutputOption()
    {
        var output = new Option<string>("--output")
        {
            Description = "table, json or csv.",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json", "csv");
        return output;
    }
}
