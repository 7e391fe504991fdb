using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The delivery stage every channel with a size bound shares: send the digest whole when it fits, else in numbered
/// parts, worst events first. The lease is renewed before each further part, so it only has to outlast one send. A
/// part refused for its size (<see cref="DeliveryException.TooLarge"/>) halves the budget and the rest is planned
/// again; any other failure leaves the whole digest pending on the channel, and the next attempt sends every part.
/// </summary>
public static class InParts
{
    /// <summary>Sends <paramref name="digest"/> and returns the first message sent (the worst events).</summary>
    /// <param name="announce">Told the part count and the budget each time the parts are planned.</param>
    public static async Task<TMessage> SendAsync<TMessage>(
        Digest digest,
        IPartedFormat<TMessage> format,
        long budget,
        Func<TMessage, CancellationToken, Task> send,
        Action<int, long> announce,
        IDigestLease lease,
        CancellationToken cancellationToken
    )
    {
        var whole = format.Whole(digest);
        var size = format.SizeOf(whole);
        if (size <= budget)
        {
            try
            {
                await send(whole, cancellationToken);
                return whole;
            }
            catch (DeliveryException ex) when (ex.TooLarge && digest.Events.Count > 1)
            {
                budget = size / 2;
            }
        }

        var sending = new PartedSend<TMessage>(digest, format, send, announce, lease, budget);
        return await sending.RunAsync(cancellationToken);
    }
}
