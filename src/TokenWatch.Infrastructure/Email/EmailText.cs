using System.Globalization;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>How the email writes dates, ages and outside text; one place so the HTML and text parts agree.</summary>
internal static class EmailText
{
    /// <summary>Longest token id, Apple ID or state shown in a body: a 2 KB value would push the facts off the screen.</summary>
    public const int MaxValue = 200;

    /// <summary>Longest token name in a heading: three lines at most on a phone.</summary>
    public const int MaxName = 120;

    /// <summary>Longest free text from outside (a Graph error message) shown in a body.</summary>
    public const int MaxMessage = 600;

    /// <summary>Outside text for a body: see <see cref="DigestComposer.CleanText"/>. HTML encoding is the template engine's job.</summary>
    public static string Clean(string? value, int maxLength = MaxValue) => DigestComposer.CleanText(value, maxLength);

    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>"12 days left", "expired 3 days ago", "less than a day left": whole days, rounded down as the health rules count.</summary>
    public static string DaysLeft(int days) => days switch
    {
        < 0 => $"expired {Days(-days)} ago",
        0 => "less than a day left",
        _ => $"{Days(days)} left",
    };

    /// <summary>"2 hours ago", "3 days ago": how long ago, as of the digest.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        if (age < TimeSpan.Zero)
        {
            return "in the future (clock skew?)";
        }

        return age.TotalMinutes < 90 ? age.TotalMinutes < 2 ? "just now" : $"{(int)age.TotalMinutes} minutes ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours} hours ago"
            : $"{Days((int)age.TotalDays)} ago";
    }
}
