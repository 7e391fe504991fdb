using System.Collections.Frozen;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Alerts;

/// <summary>A digest in the outbox: written before it is sent, marked after.</summary>
public sealed record OutboxEntry
{
    public required string DigestId { get; init; }
    public required string TenantId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required OutboxStatus Status { get; init; }

    /// <summary>The digest's events, worst first.</summary>
    public required IReadOnlyList<AlertEvent> Events { get; init; }

    public int Attempts { get; init; }

    /// <summary>While in the future, an evaluator is sending this digest and no other may.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public string? LastError { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>
    /// Each channel's part; an entry stored before channels existed reads as email carrying every event.
    /// </summary>
    public IReadOnlyDictionary<DeliveryChannel, ChannelDelivery> Channels { get; init; } = NoChannels;

    private static readonly IReadOnlyDictionary<DeliveryChannel, ChannelDelivery> NoChannels = FrozenDictionary<
        DeliveryChannel,
        ChannelDelivery
    >.Empty;

    /// <summary>The store's opaque version of this row, for guarded updates.</summary>
    public string? Version { get; init; }

    public HealthStatus Severity => Events.Select(e => e.Severity).Worst();

    public bool IsLeased(DateTimeOffset now) => LeaseUntil is { } until && until > now;

    /// <summary>Whether some channel still owes its events and may be tried at <paramref name="now"/>.</summary>
    public bool HasDueChannel(DateTimeOffset now) => Channels.Values.Any(c => c.IsDue(now));

    /// <summary>
    /// The entry with one channel's new state: pending while any channel is, sent when every channel is, failed
    /// when none is pending and one was refused for good. The lease ends when nothing is pending any more.
    /// </summary>
    public OutboxEntry WithChannel(DeliveryChannel channel, ChannelDelivery delivery, DateTimeOffset now)
    {
        var channels = Channels.ToDictionary();
        channels[channel] = delivery;
        var status =
            channels.Values.Any(c => c.Status == OutboxStatus.Pending) ? OutboxStatus.Pending
            : channels.Values.All(c => c.Status == OutboxStatus.Sent) ? OutboxStatus.Sent
            : OutboxStatus.Failed;
        var errors = channels.Where(c => c.Value.LastError is not null).OrderBy(c => c.Key).ToList();
        return this with
        {
            Channels = channels,
            Status = status,
            SentAt = status == OutboxStatus.Pending ? SentAt : now,
            // Each channel's message names its provider ("SendGrid …", "Teams …", "The webhook …").
            LastError = errors.Count == 0 ? null : string.Join(" ", errors.Select(e => e.Value.LastError)),
        };
    }

    public static OutboxEntry From(Digest digest, OutboxStatus status) =>
        new()
        {
            DigestId = digest.DigestId,
            TenantId = digest.Tenant.TenantId,
            CreatedAt = digest.ComposedAt,
            Status = status,
            Events = digest.Events,
        };
}
