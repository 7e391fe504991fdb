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
}
