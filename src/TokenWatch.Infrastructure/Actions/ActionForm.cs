using System.Globalization;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>The posted choice and reason: when a snooze ends, or the one sentence that says what is missing.</summary>
public static class ActionForm
{
    public static (DateTimeOffset? Until, string? Problem) Read(
        IReadOnlyDictionary<string, string> form,
        AlertActionKind kind,
        DateTimeOffset now
    )
    {
        if (string.IsNullOrWhiteSpace(form.GetValueOrDefault("reason")))
        {
            return (null, "Give a reason or a ticket reference: the next digest repeats it to everyone it goes to.");
        }

        if (kind == AlertActionKind.Acknowledge)
        {
            return (null, null);
        }

        var choice = form.GetValueOrDefault("choice") ?? "";
        if (int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return AlertActions.SnoozeDays.Contains(days)
                ? (now.AddDays(days), null)
                : (null, "Choose 7, 14, 30 or 90 days, or a date.");
        }

        return choice == "date" ? Date(form.GetValueOrDefault("until"), now) : (null, "Choose how long to snooze.");
    }

    /// <summary>A date (midnight UTC) after today and at most a year ahead, as the command line allows.</summary>
    private static (DateTimeOffset? Until, string? Problem) Date(string? text, DateTimeOffset now)
    {
        var parsed = DateTimeOffset.TryParseExact(
            text?.Trim(),
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var until
        );
        var latest = now + AlertActions.LongestSilence;
        return parsed && until > now && until <= latest
            ? (until, null)
            : (null, $"Give a date after today and at most until {Words.Day(latest)}.");
    }
}
