using System.Globalization;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>The filters and shape of <c>tokenwatch status</c>.</summary>
internal sealed record StatusQuery(
    IReadOnlySet<HealthStatus>? Statuses,
    IReadOnlySet<TokenKind>? Kinds,
    int? ExpiresWithinDays,
    string Output,
    bool Renewals
)
{
    public const int DefaultRenewalDays = 90;

    public int WithinDays => ExpiresWithinDays ?? DefaultRenewalDays;

    public bool Matches(StatusRow row) =>
        (Statuses is null || Statuses.Contains(row.Health))
        && (Kinds is null || (TokenKindNames.TryParseSlug(row.Kind, out var kind) && Kinds.Contains(kind)))
        && (ExpiresWithinDays is null || row.DaysLeft <= ExpiresWithinDays);

    /// <summary>"60d" or "60": days; anything else is refused with the reason.</summary>
    public static bool TryParseDays(string text, out int days, out string? problem)
    {
        var trimmed = text.Trim().TrimEnd('d', 'D');
        if (
            int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 0 and <= 3650
        )
        {
            problem = null;
            return true;
        }

        problem = $"--expires-within '{text}' is not a number of days such as 60d (0 to 3650).";
        return false;
    }
}
