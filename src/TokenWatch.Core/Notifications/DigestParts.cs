using System.Globalization;
using System.Text;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// Cuts a digest whose email would pass the size bound into parts that do not, keeping the events' order (worst
/// first, so the first part carries the critical events and their recipients). Only a digest of thousands of events
/// is cut: every normal digest stays one email.
/// </summary>
public static class DigestParts
{
    /// <summary>Bytes an email puts on the wire for its content: subject, HTML and text, as UTF-8.</summary>
    public static long SizeOf(OutgoingEmail email) =>
        Encoding.UTF8.GetByteCount(email.Subject)
        + Encoding.UTF8.GetByteCount(email.Html)
        + Encoding.UTF8.GetByteCount(email.Text);

    /// <summary>
    /// Rendered parts of <paramref name="events"/>, each within <paramref name="maxBytes"/> unless it is a single
    /// event (which cannot be cut further). The part count starts from the size and halves any part still too large.
    /// </summary>
    public static List<(IReadOnlyList<AlertEvent> Events, OutgoingEmail Email)> Plan(
        Digest digest,
        IReadOnlyList<AlertEvent> events,
        long whole,
        long maxBytes,
        IDigestRenderer renderer
    )
    {
        var count = (int)Math.Clamp((whole + maxBytes - 1) / maxBytes, 1, Math.Max(1, events.Count));
        var pending = new Stack<IReadOnlyList<AlertEvent>>(Chunks(events, count).Reverse());
        var parts = new List<(IReadOnlyList<AlertEvent>, OutgoingEmail)>();
        while (pending.TryPop(out var chunk))
        {
            var email = renderer.Render(digest with { Events = chunk });
            if (SizeOf(email) > maxBytes && chunk.Count > 1)
            {
                var half = chunk.Count / 2;
                pending.Push(chunk.Skip(half).ToList());
                pending.Push(chunk.Take(half).ToList());
                continue;
            }

            parts.Add((chunk, email));
        }

        return parts;
    }

    /// <summary>Part <paramref name="number"/> of <paramref name="total"/>: its own id and a subject that says which
    /// part it is.</summary>
    public static OutgoingEmail Label(OutgoingEmail email, string digestId, int number, int total) =>
        email with
        {
            DigestId = string.Create(CultureInfo.InvariantCulture, $"{digestId}.p{number}"),
            Subject = string.Create(CultureInfo.InvariantCulture, $"[{number}/{total}] {email.Subject}"),
        };

    private static IEnumerable<IReadOnlyList<AlertEvent>> Chunks(IReadOnlyList<AlertEvent> events, int count)
    {
        var size = (events.Count + count - 1) / count;
        return events.Chunk(size).Select(c => (IReadOnlyList<AlertEvent>)c);
    }
}
