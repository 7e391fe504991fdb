using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>
/// One request of a digest on the webhook: <see cref="Id"/> is its <c>Idempotency-Key</c> and <c>webhook-id</c>, the
/// digest id for a digest sent whole, <c>digestId:number/count</c> for a part.
/// </summary>
public sealed record WebhookPart(string Id, int Number, int Count, IReadOnlyList<AlertEvent> Events, byte[] Body);
