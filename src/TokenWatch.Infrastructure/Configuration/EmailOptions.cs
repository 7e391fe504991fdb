namespace TokenWatch.Infrastructure.Configuration;

public sealed class EmailOptions
{
    /// <summary>The sender address (a verified SendGrid sender).</summary>
    public string From { get; set; } = "";

    public string FromName { get; set; } = "TokenWatch";

    /// <summary>Recipients of tenants that name none of their own.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// Also told when a digest holds a critical event (an on-call address), for tenants that name none of their own:
    /// warnings go to the team, critical events to the team and on-call.
    /// </summary>
    public List<string> CriticalRecipients { get; set; } = [];

    /// <summary>
    /// SendGrid, the outbox folder, or (<see cref="EmailDelivery.Auto"/>) SendGrid only when a key is set.
    /// </summary>
    public EmailDelivery Delivery { get; set; } = EmailDelivery.Auto;

    /// <summary>
    /// SendGrid API key (a Key Vault reference in Azure). Empty, with <see cref="EmailDelivery.Auto"/>: emails are
    /// written to <see cref="OutboxPath"/>.
    /// </summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>
    /// SendGrid's API root; only changed to point at a local test endpoint. https only, except plain http on a
    /// loopback address: the API key travels in every request.
    /// </summary>
    public string? SendGridHost { get; set; }

    public string OutboxPath { get; set; } = "outbox";

    /// <summary>SendGrid validates but does not deliver: for trying a deployment without mailing anyone.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>
    /// Longest Retry-After that a SendGrid 429 is waited out for before the one retry (0 to 300 s). A longer wait
    /// fails the send as transient instead, and the next evaluation sends the digest: an evaluation should not hang.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public int MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>Whether digests go to SendGrid (else to the outbox folder).</summary>
    public bool UsesSendGrid() =>
        Delivery == EmailDelivery.SendGrid
        || (Delivery == EmailDelivery.Auto && !string.IsNullOrWhiteSpace(SendGridApiKey));

    /// <summary>
    /// How long one SendGrid request may take, its answer included, before it counts as not accepted.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 300)]
    public int SendTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The longest one send of one email can take: two attempts (the second after a 429) and the Retry-After wait
    /// between them. The send lease must outlast it.
    /// </summary>
    public TimeSpan LongestSend =>
        TimeSpan.FromSeconds(2 * SendTimeoutSeconds + Math.Clamp(MaxRetryAfterSeconds, 0, 300));
}
