using System.Globalization;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>
/// Cuts a digest whose webhook body would pass the size bound into parts that do not. Each part is a complete
/// digest of its own events (a receiver handles it as it handles a whole one) with its own id, so a receiver that
/// keeps the ids it has seen drops a part sent again; events keep their order, worst first, and each is in exactly
/// one part. The cut depends only on the events and the bound, so a retry of the same digest sends the same parts
/// under the same ids.
/// </summary>
public static class WebhookParts
{
    /// <summary>
    /// <paramref name="events"/> (all or the rest of <paramref name="digest"/>'s) in groups whose body stays within
    /// <paramref name="maxBytes"/>, each group as large as fits; a lone event too large for it is a group of its own,
    /// since it cannot be cut (<c>MaxBodyKilobytes</c>' floor is far above the largest event).
    /// </summary>
    public static List<IReadOnlyList<AlertEvent>> Plan(Digest digest, IReadOnlyList<AlertEvent> events, long maxBytes)
    {
        var sizes = WebhookPayload.EventSizes(digest with { Events = events });
        // Sized with the widest label a part can get: the final numbers only have as many digits or fewer.
        var widest = (digest.Events.Count, digest.Events.Count);
        var groups = new List<IReadOnlyList<AlertEvent>>();
        var start = 0;
        while (start < events.Count)
        {
            var first = events.Skip(start).Take(1).ToList();
            var envelope = WebhookPayload.Serialize(digest with { Events = first }, widest).Length - sizes[start];
            var take = 1;
            var size = (long)envelope + sizes[start];
            while (start + take < events.Count && size + 1 + sizes[start + take] <= maxBytes)
            {
                size += 1 + sizes[start + take];
                take++;
            }

            // The envelope changes with the events (the subject names them): check the real body, and give back
            // events until it fits.
            while (take > 1 && SizeOf(digest, Slice(events, start, take), widest) > maxBytes)
            {
                take--;
            }

            groups.Add(Slice(events, start, take));
            start += take;
        }

        return groups;
    }

    /// <summary>
    /// The request for one group: whole when it is the only one, else part <paramref name="number"/>.
    /// </summary>
    public static WebhookPart Part(Digest digest, IReadOnlyList<AlertEvent> events, int number, int count)
    {
        var part = digest with { Events = events };
        if (count == 1)
        {
            return new WebhookPart(digest.DigestId, 1, 1, events, WebhookPayload.Serialize(part));
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{digest.DigestId}:{number}/{count}");
        return new WebhookPart(id, number, count, events, WebhookPayload.Serialize(part, (number, count)));
    }

    private static int SizeOf(Digest digest, IReadOnlyList<AlertEvent> events, (int, int) label) =>
        WebhookPayload.Serialize(digest with { Events = events }, label).Length;

    private static List<AlertEvent> Slice(IReadOnlyList<AlertEvent> events, int start, int count) =>
        events.Skip(start).Take(count).ToList();
}
