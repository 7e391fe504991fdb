namespace TokenWatch.Core.Notifications;

/// <summary>Delivers a digest on one channel.</summary>
public interface IDigestChannel
{
    DeliveryChannel Channel { get; }

    /// <summary>
    /// Throws <see cref="DeliveryException"/> when the channel did not accept the digest. A channel that sends one
    /// digest as several messages renews <paramref name="lease"/> before each further one.
    /// </summary>
    Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken);
}
