namespace TokenWatch.Core.Notifications;

/// <summary>
/// What a channel accepted; <see cref="Email"/> is set by the email channel, whose subject and recipients the
/// outbox keeps.
/// </summary>
public sealed record ChannelReceipt(OutgoingEmail? Email)
{
    public static readonly ChannelReceipt Accepted = new((OutgoingEmail?)null);
}
