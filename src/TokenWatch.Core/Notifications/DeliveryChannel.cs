namespace TokenWatch.Core.Notifications;

/// <summary>Where a digest can go: each channel is delivered, retried and recorded on its own.</summary>
public enum DeliveryChannel
{
    /// <summary>SendGrid, or the outbox folder locally.</summary>
    Email,

    /// <summary>A Microsoft Teams channel, through a Workflows webhook posting an Adaptive Card.</summary>
    Teams,

    /// <summary>A signed JSON webhook for a PSA or ticketing system.</summary>
    Webhook,
}
