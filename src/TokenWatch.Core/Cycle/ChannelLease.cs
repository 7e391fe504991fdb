using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// The held lease as one channel sees it: its parts accepted so far, and its accepted parts recorded against its
/// own state in the outbox entry.
/// </summary>
internal sealed class ChannelLease(HeldLease held, DeliveryChannel channel) : IDigestLease
{
    // Events are matched to their positions in the stored digest by reference: the channel's digest is composed
    // from these very objects.
    private readonly Dictionary<AlertEvent, int> _positions = Positions(held.Entry.Events);

    public int PartsAccepted => held.Entry.Channels[channel].PartsAccepted;

    public TimeSpan TimeLeft => held.TimeLeft;

    public Task RenewAsync(CancellationToken cancellationToken) => held.RenewAsync(cancellationToken);

    public Task PartAcceptedAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken) =>
        held.PartAcceptedAsync(channel, [.. events.Select(e => _positions[e])]);

    private static Dictionary<AlertEvent, int> Positions(IReadOnlyList<AlertEvent> events)
    {
        var positions = new Dictionary<AlertEvent, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < events.Count; i++)
        {
            positions.TryAdd(events[i], i);
        }

        return positions;
    }
}
