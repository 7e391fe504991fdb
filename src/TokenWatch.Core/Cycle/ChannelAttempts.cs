using Microsoft.Extensions.Logging;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// One attempt of one channel at a leased digest, sorted the way the outbox needs it (the retry classification every
/// channel shares): accepted; refused for now (retried after the channel's back-off or the provider's Retry-After);
/// misconfigured (kept until the setting is fixed); refused for good; or failed locally before the provider answered
/// (kept pending, retried at the next evaluation).
/// </summary>
internal sealed partial class ChannelAttempts(
    IEnumerable<IDigestChannel> channels,
    AlertSettings alertSettings,
    TokenWatchMetrics metrics,
    TimeProvider clock,
    ILogger logger,
    ActionLinks? actionLinks
)
{
    private readonly Dictionary<DeliveryChannel, IDigestChannel> _channels = channels.ToDictionary(c => c.Channel);

    /// <summary>
    /// Sends the channel's events of the leased digest that no receiver accepted yet; a refusal or a local failure is
    /// returned. The state returned keeps the parts accepted during this attempt (recorded as they went).
    /// </summary>
    public async Task<ChannelAttempt> SendAsync(
        MonitoredTenant tenant,
        HeldLease lease,
        DeliveryChannel channel,
        IReadOnlyList<string> silenced,
        CancellationToken cancellationToken
    )
    {
        var entry = lease.Entry;
        var attempts = entry.Channels[channel].Attempts + 1;
        var events = DeliveryPlan.EventsOf(entry, channel);
        try
        {
            if (!_channels.TryGetValue(channel, out var sender))
            {
                throw DeliveryException.Misconfiguration($"The {channel} channel is not set up in this process.");
            }

            // Every part accepted but the mark lost (a crash after the last part): nothing is left to send.
            var digest = Compose(tenant, entry, events, silenced);
            var receipt =
                events.Count == 0
                    ? ChannelReceipt.Accepted
                    : await sender.SendAsync(digest, new ChannelLease(lease, channel), cancellationToken);
            return new ChannelAttempt(Sent(Latest(lease, channel, attempts)), receipt, null);
        }
        catch (DeliveryException ex)
        {
            return Refused(tenant, lease.Entry, channel, Latest(lease, channel, attempts), events, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FailedLocally(tenant, lease.Entry, channel, Latest(lease, channel, attempts), events, ex);
        }
    }

    private ChannelDelivery Sent(ChannelDelivery attempt) =>
        attempt with
        {
            Status = OutboxStatus.Sent,
            SentAt = clock.GetUtcNow(),
            NextAttemptAt = null,
            LastError = null,
            Misconfigured = false,
        };

    /// <summary>The channel's state as last written (with its parts accepted so far), this attempt counted.</summary>
    private static ChannelDelivery Latest(HeldLease lease, DeliveryChannel channel, int attempts) =>
        lease.Entry.Channels[channel] with
        {
            Attempts = attempts,
        };

    /// <summary>
    /// The digest composed again from the stored events, so the recipients are the ones configured now; the action
    /// links and what is silenced are those of now too.
    /// </summary>
    private Digest Compose(
        MonitoredTenant tenant,
        OutboxEntry entry,
        IReadOnlyList<AlertEvent> events,
        IReadOnlyList<string> silenced
    ) =>
        DigestComposer.Compose(tenant, events, entry.CreatedAt) with
        {
            DigestId = entry.DigestId,
            Actions = actionLinks,
            Silenced = silenced,
        };

    private ChannelAttempt Refused(
        MonitoredTenant tenant,
        OutboxEntry entry,
        DeliveryChannel channel,
        ChannelDelivery attempt,
        IReadOnlyList<AlertEvent> events,
        DeliveryException ex
    )
    {
        var now = clock.GetUtcNow();
        // Out of time is no fault of the receiver's: the next evaluation goes on at once, without a back-off.
        var error = ex.OutOfTime ? $"Delivery of the {Item(channel)} deferred: {ex.Message}" : ex.Message;
        var next = attempt with
        {
            Status = ex.Transient ? OutboxStatus.Pending : OutboxStatus.Failed,
            NextAttemptAt =
                ex.Transient && !ex.OutOfTime
                    ? alertSettings.NextAttempt(channel, attempt.Attempts, ex.RetryAfter, now)
                    : null,
            LastError = error,
            Misconfigured = ex.Misconfigured,
        };
        LogRefusal(tenant, entry, channel, attempt.Attempts, PendingHours(entry, events, now), ex, error);
        return new ChannelAttempt(next, null, error);
    }

    private void LogRefusal(
        MonitoredTenant tenant,
        OutboxEntry entry,
        DeliveryChannel channel,
        int attempts,
        double pendingHours,
        DeliveryException ex,
        string error
    )
    {
        if (ex.Misconfigured)
        {
            metrics.DeliveryMisconfigured(channel);
            LogDeliveryMisconfigured(channel, tenant.TenantId, entry.DigestId, attempts, pendingHours, ex.Message);
        }
        else if (ex.Transient)
        {
            LogDeliveryDeferred(tenant.TenantId, entry.DigestId, channel, attempts, pendingHours, error);
        }
        else
        {
            LogDeliveryRefused(tenant.TenantId, entry.DigestId, channel, ex.Message);
        }
    }

    /// <summary>
    /// Not the provider's answer but a local one (an outbox folder that cannot be written): nothing says the digest
    /// went out, so the channel stays pending and the lease is let go at once for the next evaluation instead of
    /// sitting leased. Anything else (a bug, a crash after the provider accepted) leaves the lease to run out: the
    /// documented window.
    /// </summary>
    private ChannelAttempt FailedLocally(
        MonitoredTenant tenant,
        OutboxEntry entry,
        DeliveryChannel channel,
        ChannelDelivery attempt,
        IReadOnlyList<AlertEvent> events,
        Exception ex
    )
    {
        var error =
            $"Delivery failed before the provider accepted the {Item(channel)}: {ex.GetType().Name}: {ex.Message}";
        var next = attempt with
        {
            Status = OutboxStatus.Pending,
            NextAttemptAt = null,
            LastError = error,
            Misconfigured = false,
        };
        var pendingHours = PendingHours(entry, events, clock.GetUtcNow());
        LogDeliveryDeferred(tenant.TenantId, entry.DigestId, channel, attempt.Attempts, pendingHours, error);
        return new ChannelAttempt(next, null, error);
    }

    /// <summary>
    /// Hours since the oldest of the channel's events: a pending digest merged with newer events keeps its age.
    /// </summary>
    private static double PendingHours(OutboxEntry entry, IReadOnlyList<AlertEvent> events, DateTimeOffset now)
    {
        var oldest = events.Count == 0 ? entry.CreatedAt : events.Min(e => e.At);
        return Math.Round((now - oldest).TotalHours, 1);
    }

    /// <summary>What one channel sends, for a message; a channel added to the enum must be named here.</summary>
    private static string Item(DeliveryChannel channel) =>
        channel switch
        {
            DeliveryChannel.Email => "email",
            DeliveryChannel.Teams => "Teams card",
            DeliveryChannel.Webhook => "webhook request",
        };

    [LoggerMessage(
        EventId = 2005,
        EventName = "DeliveryDeferred",
        Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} for tenant {TenantId} was not accepted by {Channel} (attempt {Attempt}, "
            + "pending {PendingHours} h), it stays in the outbox for the next evaluation: {Reason}"
    )]
    private partial void LogDeliveryDeferred(
        string tenantId,
        string digestId,
        DeliveryChannel channel,
        int attempt,
        double pendingHours,
        string reason
    );

    [LoggerMessage(
        EventId = 2011,
        EventName = "DeliveryMisconfigured",
        Level = LogLevel.Error,
        Message = "{Channel} delivery misconfigured: alert digest {DigestId} for tenant {TenantId} stays in the outbox "
            + "(attempt {Attempt}, pending {PendingHours} h) until the setting is fixed: {Reason}"
    )]
    private partial void LogDeliveryMisconfigured(
        DeliveryChannel channel,
        string tenantId,
        string digestId,
        int attempt,
        double pendingHours,
        string reason
    );

    [LoggerMessage(
        EventId = 2006,
        EventName = "DeliveryRefused",
        Level = LogLevel.Error,
        Message = "Alert digest {DigestId} for tenant {TenantId} was refused by {Channel} and will not be retried "
            + "there: {Reason}"
    )]
    private partial void LogDeliveryRefused(string tenantId, string digestId, DeliveryChannel channel, string reason);
}
