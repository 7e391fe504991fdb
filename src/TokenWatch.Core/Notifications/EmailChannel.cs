namespace TokenWatch.Core.Notifications;

/// <summary>The email channel: the digest rendered as an email and handed to the configured <see cref="INotifier"/>.</summary>
public sealed class EmailChannel(IDigestRenderer renderer, INotifier notifier) : IDigestChannel
{
    public DeliveryChannel Channel => DeliveryChannel.Email;

    public async Task<ChannelReceipt> SendAsync(Digest digest, CancellationToken cancellationToken)
    {
        var email = renderer.Render(digest);
        await notifier.SendAsync(email, cancellationToken);
        return new ChannelReceipt(email);
    }
}
