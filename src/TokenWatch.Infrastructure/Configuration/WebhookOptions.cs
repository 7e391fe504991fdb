using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The signed JSON webhook (<c>TokenWatch:Webhook</c>), for a PSA or ticketing system.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Where digests are posted. A secret (a Key Vault reference in Azure). Empty: written to the outbox folder.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// The shared signing secret, in the Standard Webhooks form <c>whsec_</c> + base64 of 24 to 64 random bytes. A
    /// Key Vault reference in Azure; required with <see cref="Url"/>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How long one post may take, its answer included.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The largest body one request carries, in KB. A digest whose body is larger is posted in parts, each a
    /// complete digest of some of its events with an id of its own (docs/webhooks.md). 256 KB is below the request
    /// limits of the usual receivers (Azure Functions, Logic Apps, PSA inbound webhooks) while holding a hundred
    /// events; the floor is well above the largest single event, so every part keeps within it.
    /// </summary>
    [Range(MinBodyKilobytes, 4096)]
    public int MaxBodyKilobytes { get; set; } = 256;

    public const int MinBodyKilobytes = 16;

    public long MaxBodyBytes => MaxBodyKilobytes * 1024L;
}
