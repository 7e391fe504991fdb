using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Cycle;

/// <summary>What the channels of one digest did in one evaluation.</summary>
internal sealed record DigestDelivery(OutgoingEmail? Email, string? Error, IReadOnlyList<DeliveryChannel> Channels)
{
    public static readonly DigestDelivery Nothing = new(null, null, []);
}
