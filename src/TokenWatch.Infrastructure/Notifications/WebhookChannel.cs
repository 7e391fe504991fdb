using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Posts a digest as signed JSON (<see cref="WebhookPayload"/>, <see cref="WebhookSignature"/>) with an
/// <c>Idempotency-Key</c> equal to the digest id, so a receiver that got it once can drop a retry; writes the request
/// to the outbox folder when no URL is set.
/// </summary>
public sealed class WebhookChannel(
    IOptions<TokenWatchOptions> options, ChannelPost post, ChannelOutboxFolder folder, TimeProvider clock)
    : IDigestChannel
{
    public const string Setting = "TokenWatch:Webhook:Url and TokenWatch:Webhook:Secret";

    private readonly WebhookOptions _webhook = options.Value.Webhook;

    public DeliveryChannel Channel => DeliveryChannel.Webhook;

    public async Task<ChannelReceipt> SendAsync(
        Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        var body = WebhookPayload.Serialize(digest);
        var headers = Headers(digest.DigestId, body);
        if (string.IsNullOrWhiteSpace(_webhook.Url))
        {
            var request = new StringBuilder("POST /your-receiver HTTP/1.1\r\n")
                .Append("Content-Type: application/json; charset=utf-8\r\n");
            foreach (var (name, value) in headers)
            {
                request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            request.Append("\r\n").Append(Encoding.UTF8.GetString(body));
            await folder.WriteAsync(digest, "webhook.http", request.ToString(), cancellationToken);
            return ChannelReceipt.Accepted;
        }

        await post.PostAsync(new ChannelRequest("The webhook", Setting, new Uri(_webhook.Url.Trim()), body, headers,
            TimeSpan.FromSeconds(_webhook.TimeoutSeconds), [_webhook.Url, _webhook.Secret]), cancellationToken);
        return ChannelReceipt.Accepted;
    }

    private List<(string Name, string Value)> Headers(string digestId, byte[] body)
    {
        var headers = new List<(string, string)>
        {
            ("Idempotency-Key", digestId),
            (WebhookSignature.IdHeader, digestId),
        };
        if (WebhookSignature.TryReadSecret(_webhook.Secret, out var key))
        {
            var now = clock.GetUtcNow();
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            headers.Add((WebhookSignature.TimestampHeader, timestamp));
            headers.Add((WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, digestId, now, body)));
        }

        return headers;
    }
}
