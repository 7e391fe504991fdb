using System.Globalization;
using System.Text;
using TokenWatch.Core.Calendar;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Calendar;

/// <summary>
/// Renewals as an iCalendar file (RFC 5545): one all-day event per renewal on its day to act, with the steps in
/// the description and the token's stable UID, published so that importing it again updates the events. Text is
/// escaped and lines are folded at 75 octets as the RFC requires; nothing from Graph can add a property.
/// </summary>
public static class IcsCalendar
{
    public const string FileName = "tokenwatch-renewals.ics";
    public const string ContentType = "text/calendar; charset=utf-8; method=PUBLISH";
    private const int MaxLineOctets = 75;

    public static byte[] Write(IReadOnlyList<Renewal> renewals, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//TokenWatch//Renewal calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:TokenWatch renewals",
        };
        foreach (var renewal in renewals)
        {
            lines.AddRange(Event(renewal, now));
        }

        lines.Add("END:VCALENDAR");
        var ics = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(ics, line);
        }

        return new UTF8Encoding(false).GetBytes(ics.ToString());
    }

    private static IEnumerable<string> Event(Renewal renewal, DateTimeOffset now)
    {
        var title = Words.Clean($"{renewal.Token.Kind.ToDisplayName()} \"{renewal.Token.DisplayName}\"", 120);
        var tenant = Words.Clean(renewal.Tenant.DisplayName, 80);
        var expires = renewal.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var steps = renewal.Advice.Steps.Select((s, i) => $"{i + 1}. {Words.Clean(s, 1000)}");
        var links = renewal.Advice.Links.Select(l => $"{l.Label}: {l.Url}");
        var description = string.Join(
            "\n",
            [$"{title} of {tenant} expires on {expires} (UTC).", "", "What to do:", .. steps, "", .. links]
        );
        yield return "BEGIN:VEVENT";
        yield return $"UID:{renewal.Uid}";
        yield return $"DTSTAMP:{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        yield return $"DTSTART;VALUE=DATE:{renewal.ActOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        yield return $"DTEND;VALUE=DATE:{renewal.ActOn.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
        yield return $"SUMMARY:{Text($"Renew {title} ({tenant}), expires {expires}")}";
        yield return $"DESCRIPTION:{Text(description)}";
        if (renewal.Advice.Links.Count > 0)
        {
            yield return $"URL:{renewal.Advice.Links[0].Url}";
        }

        yield return "TRANSP:TRANSPARENT";
        // Never raised: an event's date follows from its UID's expiry, so the same UID always has the same date
        // (RenewalPlanner.Uid says why a renewal is a new UID instead).
        yield return "SEQUENCE:0";
        yield return "END:VEVENT";
    }

    /// <summary>RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as <c>\n</c>.</summary>
    private static string Text(string value) =>
        value
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 sequence.
    /// </summary>
    private static void Fold(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        var text = line.AsSpan();
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.Slice(i, length));
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            ics.Append(text.Slice(i, length));
            octets += size;
            i += length - 1;
        }

        ics.Append("\r\n");
    }
}
