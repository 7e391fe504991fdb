using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>The webhook body as <see cref="InParts"/> cuts it: whole, or in parts (<see
/// cref="WebhookParts"/>).</summary>
internal sealed class WebhookPartFormat : IPartedFormat<WebhookPart>
{
    public static readonly WebhookPartFormat Instance = new();

    public WebhookPart Whole(Digest digest) =>
        new(digest.DigestId, 1, 1, digest.Events, WebhookPayload.Serialize(digest));

    public long SizeOf(WebhookPart message) => message.Body.Length;

    public IReadOnlyList<IReadOnlyList<AlertEvent>> Plan(
        Digest digest,
        IReadOnlyList<AlertEvent> events,
        long maxBytes
    ) => WebhookParts.Plan(digest, events, maxBytes);

    public WebhookPart Part(Digest digest, IReadOnlyList<AlertEvent> events, int number, int count) =>
        WebhookParts.Part(digest, events, number, count);
}
