using System.Globalization;
using System.Text;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// How TokenWatch writes dates, counts and outside text, everywhere (emails, subjects, <c>check</c>, <c>history</c>):
/// one format for each, so the email and the console never disagree.
/// </summary>
public static class Words
{
    /// <summary><c>2026-06-10 09:12 UTC</c>.</summary>
    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>2026-06-10</c>.</summary>
    public static string Day(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>1 day</c>, <c>3 days</c>.</summary>
    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>"12 days left", "expired 3 days ago", "less than a day left": whole days, rounded down.</summary>
    public static string DaysLeft(int days) =>
        days switch
        {
            < 0 => $"expired {Days(-days)} ago",
            0 => "less than a day left",
            _ => $"{Days(days)} left",
        };

    /// <summary>An age in hours below two days, in days above: <c>30 hours</c>, <c>4 days</c>.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalHours < 48 ? $"{(int)age.TotalHours} hours" : Days((int)age.TotalDays);

    /// <summary>"2 hours ago", "3 days ago": how long ago, as of <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        if (age < TimeSpan.Zero)
        {
            return "in the future (clock skew?)";
        }

        return age.TotalMinutes < 90
            ? age.TotalMinutes < 2
                ? "just now"
                : $"{(int)age.TotalMinutes} minutes ago"
            : $"{Age(age)} ago";
    }

    /// <summary>Longest piece of outside text in a subject, a headline or a table cell.</summary>
    public const int MaxInline = 80;

    /// <summary>Outside text for a subject, a headline or a table cell: see <see cref="Clean"/>.</summary>
    public static string Inline(string? value) => Clean(value, MaxInline);

    /// <summary>A code as words: <c>permission-missing</c> is "permission missing".</summary>
    public static string Spaced(string code) => code.Replace('-', ' ');

    /// <summary>
    /// Text from outside (Graph, configuration) made safe to show, on a console and in a header: control characters
    /// and line breaks become spaces (runs collapse to one), explicit bidi controls are dropped (they can reorder what
    /// follows them: a "Trojan Source" subject), unpaired surrogates become U+FFFD, and the length is bounded without
    /// splitting a surrogate pair. Right-to-left letters themselves are kept: they are a name, not markup.
    /// </summary>
    public static string Clean(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var clean = new StringBuilder(Math.Min(value.Length, maxLength + 2));
        var cut = false;
        for (var i = 0; i < value.Length; i++)
        {
            if (clean.Length > maxLength)
            {
                cut = true;
                break;
            }

            Append(clean, value, ref i);
        }

        var text = clean.ToString().TrimEnd();
        if (!cut && text.Length <= maxLength)
        {
            return text;
        }

        var keep = Math.Min(text.Length, maxLength - 1);
        if (keep < text.Length && char.IsLowSurrogate(text[keep]))
        {
            keep--; // never leave half of a surrogate pair behind
        }

        return text[..keep].TrimEnd() + "…";
    }

    private static void Append(StringBuilder clean, string value, ref int i)
    {
        var c = value[i];
        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
        {
            clean.Append(c).Append(value[++i]);
        }
        else if (IsBidiControl(c))
        {
            // dropped
        }
        else if (char.IsControl(c) || char.IsWhiteSpace(c))
        {
            if (clean.Length > 0 && clean[^1] != ' ')
            {
                clean.Append(' ');
            }
        }
        else
        {
            clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
    }

    /// <summary>ALM, LRM, RLM, the embeddings and overrides (U+202A–E) and the isolates (U+2066–9), and a stray
    /// BOM.</summary>
    private static bool IsBidiControl(char c) =>
        c
            is '\u061C'
                or '\u200E'
                or '\u200F'
                or (>= '\u202A' and <= '\u202E')
                or (>= '\u2066' and <= '\u2069')
                or '\uFEFF';
}
