using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications.Webhook;

/// <summary>
/// Posts a digest as signed JSON (<see cref="WebhookPayload"/>, <see cref="WebhookSignature"/>) with an
/// <c>Idempotency-Key</c> equal to the digest id, so a receiver that got it once can drop a retry; writes the request
/// to the outbox folder when no URL is set. A digest whose body would pass
/// <see cref="WebhookOptions.MaxBodyKilobytes"/>, or that the receiver refuses as too large (413), goes out in parts
/// (<see cref="WebhookParts"/>), each with an id of its own.
/// </summary>
public sealed partial class WebhookChannel(
    IOptions<TokenWatchOptions> options,
    ChannelSend send,
    TimeProvider clock,
    ILogger<WebhookChannel> logger
) : IDigestChannel
{
    public const string Setting = "TokenWatch:Webhook:Url and TokenWatch:Webhook:Secret";

    private readonly TokenWatchOptions _options = options.Value;
    private readonly WebhookOptions _webhook = options.Value.Webhook;

    public DeliveryChannel Channel => DeliveryChannel.Webhook;

    /// <summary>
    /// Sends the digest whole or in parts (<see cref="InParts"/>). Each part accepted is recorded as it goes; a
    /// failure leaves the rest pending on this channel, and the next attempt sends only the parts not accepted, under
    /// the numbers and ids they would have had.
    /// </summary>
    public async Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        ChannelSecrets.ThrowIfUnresolved(_options, DeliveryChannel.Webhook);
        await InParts.SendAsync(
            digest,
            WebhookPartFormat.Instance,
            _webhook.MaxBodyBytes,
            PostTimeout,
            (part, ct) => send.SendAsync(digest, Target(), Message(part), ct),
            (count, budget) => LogWebhookInParts(digest.Tenant.TenantId, digest.DigestId, count, budget / 1024),
            lease,
            cancellationToken
        );
        return ChannelReceipt.Accepted;
    }

    /// <summary>One post's bound; zero into the outbox folder, which waits on no receiver.</summary>
    private TimeSpan PostTimeout =>
        string.IsNullOrWhiteSpace(_webhook.Url) ? TimeSpan.Zero : TimeSpan.FromSeconds(_webhook.TimeoutSeconds);

    private ChannelTarget Target() =>
        new(
            "The webhook",
            Setting,
            _webhook.Url,
            TimeSpan.FromSeconds(_webhook.TimeoutSeconds),
            [_webhook.Url, _webhook.Secret, WebhookSignature.KeyText(_webhook.Secret)]
        );

    /// <summary>The part as posted, and as the request that would be sent (headers and body) in the outbox
    /// folder.</summary>
    private ChannelMessage Message(WebhookPart part)
    {
        var headers = Headers(part.Id, part.Body);
        var request = new StringBuilder("POST /your-receiver HTTP/1.1\r\n").Append(
            "Content-Type: application/json; charset=utf-8\r\n"
        );
        foreach (var (name, value) in headers)
        {
            request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        request.Append("\r\n").Append(Encoding.UTF8.GetString(part.Body));
        var suffix =
            part.Count == 1
                ? "webhook.http"
                : string.Create(CultureInfo.InvariantCulture, $"webhook.{part.Number}-of-{part.Count}.http");
        return new ChannelMessage(part.Body, headers, suffix, request.ToString());
    }

    private List<(string Name, string Value)> Headers(string id, byte[] body)
    {
        var headers = new List<(string, string)> { ("Idempotency-Key", id), (WebhookSignature.IdHeader, id) };
        if (WebhookSignature.TryReadSecret(_webhook.Secret, out var key))
        {
            var now = clock.GetUtcNow();
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            headers.Add((WebhookSignature.TimestampHeader, timestamp));
            headers.Add((WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, id, now, body)));
        }

        return headers;
    }

    [LoggerMessage(
        EventId = 2014,
        EventName = "WebhookInParts",
        Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} of tenant {TenantId} is too large for one webhook request; "
            + "it is posted in {PartCount} parts of at most {MaxKilobytes} KB"
    )]
    private partial void LogWebhookInParts(string tenantId, string digestId, int partCount, long maxKilobytes);
}
