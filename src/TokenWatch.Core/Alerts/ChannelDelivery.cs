namespace TokenWatch.Core.Alerts;

/// <summary>
/// One channel's part of a digest in the outbox: which of the digest's events it carries, and how sending them
/// went. Each channel moves on its own, so a channel that fails never makes another send again.
/// </summary>
public sealed record ChannelDelivery
{
    /// <summary>
    /// <see cref="OutboxStatus.Pending"/>, <see cref="OutboxStatus.Sent"/> or <see cref="OutboxStatus.Failed"/>.
    /// </summary>
    public required OutboxStatus Status { get; init; }

    /// <summary>
    /// Positions in the digest's events: those at or above the channel's severity that it has not delivered yet.
    /// </summary>
    public required IReadOnlyList<int> Events { get; init; }

    /// <summary>
    /// Positions among <see cref="Events"/> that a receiver already accepted, in parts of a digest sent over several
    /// evaluations: a later attempt sends only the rest and never posts an accepted part again.
    /// </summary>
    public IReadOnlyList<int> Accepted { get; init; } = [];

    /// <summary>Parts of this digest the channel had accepted: the next part is numbered after them.</summary>
    public int PartsAccepted { get; init; }

    public int Attempts { get; init; }

    /// <summary>After a throttle or an outage, no attempt before this (null: at the next evaluation).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Why the last attempt failed: the provider's answer, never a URL or a secret.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// The last attempt failed on a setting (a URL not found, a key refused; see
    /// <see cref="Notifications.DeliveryException.Misconfigured"/>): it stays pending until the setting is fixed.
    /// </summary>
    public bool Misconfigured { get; init; }

    public bool IsDue(DateTimeOffset now) =>
        Status == OutboxStatus.Pending && (NextAttemptAt is not { } next || next <= now);
}
