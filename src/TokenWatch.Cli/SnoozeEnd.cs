using System.Globalization;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// The end of a snooze as the admin typed it: ISO 8601 only (<c>2027-01-07</c>, <c>2027-01-07T09:00Z</c>), since
/// <c>01/07/2027</c> is 7 January to one reader and 1 July to another, and at most a year ahead, since a snooze
/// covers a fix on the way and a typo such as 9999 would silence a token for good.
/// </summary>
internal static class SnoozeEnd
{
    /// <summary>How far ahead a snooze may end: tokens are renewed yearly, so a longer one outlives its
    /// reason.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
    ];

    /// <summary>The end in UTC, or the one sentence that says why <paramref name="text"/> is refused.</summary>
    public static (DateTimeOffset? End, string? Problem) Parse(string text, DateTimeOffset now)
    {
        if (
            !DateTimeOffset.TryParseExact(
                text.Trim(),
                IsoFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var end
            )
        )
        {
            return (
                null,
                $"--until '{Words.Inline(text)}' is not an ISO date: give 2026-07-01 (midnight UTC) or "
                    + "2026-07-01T09:00Z (a date such as 01/07/2026 reads differently in different countries)."
            );
        }

        if (end <= now)
        {
            return (null, $"--until {Words.Date(end)} is not in the future.");
        }

        return end - now > Longest
            ? (
                null,
                $"--until {Words.Date(end)} is more than a year ahead: snooze for the fix on the way, at most "
                    + $"until {Words.Day(now + Longest)}, and snooze again if it takes longer."
            )
            : (end, null);
    }
}
