using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// What <see cref="InParts"/> needs of a channel's formatter: the message of a digest, its size, and how to cut
/// events into parts within a budget and number each part.
/// </summary>
public interface IPartedFormat<TMessage>
{
    /// <summary>The whole digest as one message.</summary>
    TMessage Whole(Digest digest);

    /// <summary>The bytes the budget is counted in.</summary>
    long SizeOf(TMessage message);

    /// <summary><paramref name="events"/> in groups whose messages stay within <paramref name="maxBytes"/>.</summary>
    IReadOnlyList<IReadOnlyList<AlertEvent>> Plan(Digest digest, IReadOnlyList<AlertEvent> events, long maxBytes);

    /// <summary>Part <paramref name="number"/> of <paramref name="count"/>, holding <paramref
    /// name="events"/>.</summary>
    TMessage Part(Digest digest, IReadOnlyList<AlertEvent> events, int number, int count);
}
