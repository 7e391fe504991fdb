using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The delivery stage every channel with a size bound shares: send the digest whole when it fits, else in numbered
/// parts, worst events first. Each accepted part is recorded in the outbox as soon as the receiver takes it (which
/// renews the lease), so a later evaluation resumes from the first part not accepted and never posts an accepted one
/// again. No post starts that the evaluation's time for the tenant cannot cover (<see cref="IDigestLease.TimeLeft"/>):
/// the rest waits for the next evaluation. A part refused for its size (<see cref="DeliveryException.TooLarge"/>)
/// halves the budget and the rest is planned again.
/// </summary>
public static class InParts
{
    /// <summary>Sends <paramref name="digest"/> and returns the first message sent (the worst events).</summary>
    /// <param name="postTimeout">The longest one post of this channel may take, its answer included.</param>
    /// <param name="announce">Told the part count and the budget each time the parts are planned.</param>
    public static async Task<TMessage> SendAsync<TMessage>(
        Digest digest,
        IPartedFormat<TMessage> format,
        long budget,
        TimeSpan postTimeout,
        Func<TMessage, CancellationToken, Task> send,
        Action<int, long> announce,
        IDigestLease lease,
        CancellationToken cancellationToken
    )
    {
        var whole = format.Whole(digest);
        var size = format.SizeOf(whole);
        if (lease.PartsAccepted == 0 && size <= budget)
        {
            ThrowIfNoTime(lease, postTimeout, 0);
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

        var sending = new PartedSend<TMessage>(digest, format, send, announce, lease, budget, postTimeout);
        return await sending.RunAsync(cancellationToken);
    }

    /// <summary>Refuses to start a post that could outlast the evaluation's time for the tenant.</summary>
    public static void ThrowIfNoTime(IDigestLease lease, TimeSpan postTimeout, int accepted)
    {
        var left = lease.TimeLeft;
        if (left < postTimeout)
        {
            throw DeliveryException.NoTimeFor(postTimeout, left, accepted);
        }
    }
}
