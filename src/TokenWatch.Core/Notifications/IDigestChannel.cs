namespace TokenWatch.Core.Notifications;

/// <summary>Delivers a digest on one channel.</summary>
public interface IDigestChannel
{
    DeliveryChannel Channel { get; }

    /// <summary>Throws <see cref="DeliveryException"/> when the channel did not accept the digest.</summary>
    Task<ChannelReceipt> SendAsync(Digest digest, CancellationToken cancellationToken);
}

/// <summary>What a channel accepted; <see cref="Email"/> is set by the email channel, whose subject and recipients the outbox keeps.</summary>
public sealed record ChannelReceipt(OutgoingEmail? Email)
{
    public static readonly ChannelReceipt Accepted = new((OutgoingEmail?)null);
}
