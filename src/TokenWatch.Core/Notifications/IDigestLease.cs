using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The evaluation's hold on the digest one channel is sending: while it runs, no other evaluation sends the digest.
/// It also carries the channel's progress (parts accepted in earlier evaluations) and the time this evaluation has
/// left for the tenant, so a digest in parts moves forward across evaluations and no post starts that cannot finish.
/// </summary>
public interface IDigestLease
{
    /// <summary>Parts of this digest the channel had accepted before: the next part is numbered after them.</summary>
    int PartsAccepted { get; }

    /// <summary>What is left of the evaluation's time for this tenant; a post is started only if it fits.</summary>
    TimeSpan TimeLeft { get; }

    /// <summary>
    /// Extends the hold before a further part of the digest is sent, so the lease only has to outlast one send.
    /// Throws <see cref="Cycle.LeaseLostException"/> when another evaluation took the digest over meanwhile.
    /// </summary>
    Task RenewAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records in the outbox that the receiver accepted a part holding <paramref name="events"/>, and extends the
    /// hold: a later evaluation never posts them again. Throws <see cref="Cycle.LeaseLostException"/> when the lease
    /// was lost.
    /// </summary>
    Task PartAcceptedAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken);
}
