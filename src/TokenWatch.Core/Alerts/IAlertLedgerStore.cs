using System.Collections.Frozen;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// The durable ledger and outbox of each tenant. Every write is guarded by the version it was loaded at, so of
/// two evaluators that decided the same events only one records them and only one sends their digest.
/// </summary>
public interface IAlertLedgerStore
{
    /// <summary>
    /// The tenant's ledger (empty if none yet), its version, and the digest still waiting to be sent.
    /// </summary>
    Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the loaded ledger with <paramref name="next"/> and adds <paramref name="digest"/> (which then
    /// supersedes the loaded pending one; it may come leased, to be sent by this caller) and <paramref name="snoozed"/>
    /// to the outbox, all at once. Returns the ledger as now stored, its pending digest with the version to mark it
    /// by; null, and nothing written, when the ledger or the pending digest changed since they were loaded.
    /// </summary>
    Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded,
        AlertLedger next,
        OutboxEntry? digest,
        OutboxEntry? snoozed,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Takes a pending digest for sending until <paramref name="until"/>; null if someone else changed it since it was
    /// loaded.
    /// </summary>
    Task<OutboxEntry?> TryLeaseAsync(OutboxEntry pending, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the leased digest with <paramref name="next"/> (a channel's outcome recorded); the stored entry as
    /// now written, or null if the lease was lost meanwhile.
    /// </summary>
    Task<OutboxEntry?> TryRecordAsync(OutboxEntry leased, OutboxEntry next, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored ledger, reloading and retrying when another writer got there
    /// first.
    /// </summary>
    Task<AlertLedger> UpdateAsync(
        string tenantId,
        Func<AlertLedger, AlertLedger> change,
        CancellationToken cancellationToken
    );
}

/// <summary>A ledger as loaded, with the opaque version its replacement must match (null: not stored yet).</summary>
public sealed record StoredLedger(string TenantId, AlertLedger Ledger, string? Version, OutboxEntry? Pending);

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (again).</summary>
    Pending,

    Sent,

    /// <summary>The provider refused it for good (not a throttle or an outage); its message is kept.</summary>
    Failed,

    /// <summary>A later digest of the same tenant carries its events; it will not be sent on its own.</summary>
    Superseded,

    /// <summary>Events of snoozed tokens: recorded, never sent.</summary>
    Snoozed,

    /// <summary>No channel of the tenant takes events this mild: recorded, not sent.</summary>
    NotRouted,
}

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
