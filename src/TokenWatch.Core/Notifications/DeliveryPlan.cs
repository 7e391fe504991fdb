using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>Decides which of a new digest's events each of the tenant's channels is to send.</summary>
public static class DeliveryPlan
{
    /// <summary>
    /// Each routed channel takes the digest's events at or above its severity, except events carried over from
    /// <paramref name="carried"/> (the pending digest this one supersedes) that the channel already delivered or
    /// that were refused on it for good: a channel that worked never sends them again. Channels left with nothing
    /// to send get no part.
    /// </summary>
    public static IReadOnlyDictionary<DeliveryChannel, ChannelDelivery> For(
        IReadOnlyList<ChannelRoute> routes,
        IReadOnlyList<AlertEvent> events,
        OutboxEntry? carried
    )
    {
        var carriedEvents = new HashSet<AlertEvent>(carried?.Events ?? [], ReferenceEqualityComparer.Instance);
        var plan = new Dictionary<DeliveryChannel, ChannelDelivery>();
        foreach (var route in routes)
        {
            var owed = Owed(carried, route.Channel);
            var indexes = Enumerable
                .Range(0, events.Count)
                .Where(i => route.Takes(events[i]) && (!carriedEvents.Contains(events[i]) || owed.Contains(events[i])))
                .ToList();
            if (indexes.Count > 0)
            {
                plan[route.Channel] = new ChannelDelivery { Status = OutboxStatus.Pending, Events = indexes };
            }
        }

        return plan;
    }

    /// <summary>
    /// The events of a digest that one channel still has to send: its events less those a receiver already accepted
    /// in parts.
    /// </summary>
    public static IReadOnlyList<AlertEvent> EventsOf(OutboxEntry entry, DeliveryChannel channel) =>
        entry.Channels.TryGetValue(channel, out var delivery)
            ? delivery
                .Events.Except(delivery.Accepted)
                .Where(i => i >= 0 && i < entry.Events.Count)
                .Select(i => entry.Events[i])
                .ToList()
            : [];

    private static HashSet<AlertEvent> Owed(OutboxEntry? carried, DeliveryChannel channel) =>
        carried is not null
        && carried.Channels.TryGetValue(channel, out var delivery)
        && delivery.Status == OutboxStatus.Pending
            ? new HashSet<AlertEvent>(EventsOf(carried, channel), ReferenceEqualityComparer.Instance)
            : new HashSet<AlertEvent>(ReferenceEqualityComparer.Instance);
}
