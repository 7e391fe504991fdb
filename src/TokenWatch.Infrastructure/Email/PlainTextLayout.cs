using System.Text;
using System.Text.RegularExpressions;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Lays out the rendered text part: one kind of line ending, no trailing spaces, at most one blank line in a row,
/// and lines wrapped at <see cref="Width"/> columns with a hanging indent under list numbers and labels, so the
/// text part reads well in a plain-text client and stays far below SMTP's 998-character line limit.
/// </summary>
internal static partial class PlainTextLayout
{
    public const int Width = 76;

    /// <summary>Far below SMTP's 998-character line limit.</summary>
    private const int MaxWord = 900;

    /// <summary>
    /// Leading spaces, then a list number ("2. "), a bullet ("- ", "! ") or a short label ("Apple ID:  ").
    /// </summary>
    [GeneratedRegex(@"^( *)(\d{1,2}\. +|[-!] +|[A-Z][A-Za-z ]{0,28}: +)?")]
    private static partial Regex Prefix();

    public static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var result = new StringBuilder(text.Length + 256);
        var blank = true; // also drops blank lines at the start
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0)
            {
                if (!blank)
                {
                    result.Append('\n');
                }

                blank = true;
                continue;
            }

            blank = false;
            foreach (var wrapped in Wrap(line))
            {
                result.Append(wrapped).Append('\n');
            }
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }

    private static IEnumerable<string> Wrap(string line)
    {
        if (line.Length <= Width)
        {
            yield return line;
            yield break;
        }

        var prefix = Prefix().Match(line).Length;
        var indent = new string(' ', prefix <= Width / 2 ? prefix : 4);
        var rest = line;
        var first = true;
        while (rest.Length > Width)
        {
            var start = first ? prefix : indent.Length;
            if (Cut(rest, start) is not (var cut, var hard))
            {
                break;
            }

            yield return rest[..cut].TrimEnd();
            rest = indent + rest[(hard ? cut : cut + 1)..].TrimStart();
            first = false;
        }

        yield return rest;
    }

    /// <summary>Where to break the line, and whether inside a word; null: keep the rest whole.</summary>
    private static (int At, bool Hard)? Cut(string rest, int start)
    {
        var cut = rest.LastIndexOf(' ', Width, Width - start);
        if (cut > start)
        {
            return (cut, false);
        }

        // A word longer than the line (an id, a topic, a URL): keep it whole so it can be copied, unless it is
        // absurdly long; values are bounded before they get here, so that is only a last safety net.
        cut = rest.IndexOf(' ', Width);
        if (cut >= 0 && cut <= MaxWord)
        {
            return (cut, false);
        }

        return rest.Length <= MaxWord ? null : (char.IsLowSurrogate(rest[MaxWord]) ? MaxWord - 1 : MaxWord, true);
    }
}
