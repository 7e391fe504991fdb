using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>An evaluation's delivery of one leased digest on each of the tenant's channels.</summary>
public sealed partial class EvaluationService
{
    /// <summary>
    /// Sends a digest this evaluation holds the lease of on each channel that is due, and records each channel's
    /// outcome before the next is tried, so a crash or a hung channel never makes a channel that worked send again.
    /// Each record renews the lease for the next channel; the last one lets it go, so a digest left pending (a
    /// refusal, an outbox folder that cannot be written) is free for the next evaluation at once. A post is started
    /// only if its own timeout ends by <paramref name="deadline"/>, the tenant's time limit, and what does not fit
    /// waits for the next evaluation (<see cref="InParts"/>). Records (a channel's outcome, each part accepted) are
    /// written with <paramref name="recordToken"/>, which the tenant's time limit does not cut.
    /// </summary>
    private async Task<DigestDelivery> DeliverAsync(
        MonitoredTenant tenant,
        OutboxEntry leased,
        DateTimeOffset deadline,
        AlertLedger ledger,
        CancellationToken cancellationToken,
        CancellationToken recordToken
    )
    {
        var silenced = Silence.Lines(ledger, clock.GetUtcNow());
        var due = leased.Channels.Where(c => c.Value.IsDue(clock.GetUtcNow())).Select(c => c.Key).Order().ToList();
        var lease = new HeldLease(leased, ledgers, alertSettings, clock, (deadline, recordToken));
        var attempts = new List<ChannelAttempt>();
        var delivered = new List<DeliveryChannel>();
        foreach (var channel in due)
        {
            var attempt = await _attempts.SendAsync(tenant, lease, channel, silenced, cancellationToken);
            var recorded = await RecordAsync(lease.Entry, channel, attempt, channel == due[^1], recordToken);
            attempts.Add(attempt);
            if (attempt.Error is null)
            {
                delivered.Add(channel);
                ReportSent(tenant, leased, channel, attempt);
            }

            if (recorded is null)
            {
                LogLeaseLost(tenant.TenantId, leased.DigestId);
                break;
            }

            lease.Recorded(recorded);
        }

        // Each channel's message names its provider: "SendGrid …", "Teams …", "The webhook …".
        var errors = attempts.Select(a => a.Error).OfType<string>().ToList();
        var email = attempts.FirstOrDefault(a => a.Error is null && a.Receipt?.Email is not null)?.Receipt?.Email;
        return new DigestDelivery(email, errors.Count == 0 ? null : string.Join(" ", errors), delivered);
    }

    /// <summary>
    /// Records one channel's outcome, renewing the lease for the next channel or, after the last, letting it go; null
    /// when the lease was lost.
    /// </summary>
    private Task<OutboxEntry?> RecordAsync(
        OutboxEntry entry,
        DeliveryChannel channel,
        ChannelAttempt attempt,
        bool last,
        CancellationToken recordToken
    )
    {
        var now = clock.GetUtcNow();
        var next = entry.WithChannel(channel, attempt.Next, now) with
        {
            LeaseUntil = last ? null : now + alertSettings.SendLease,
            Subject = attempt.Receipt?.Email?.Subject ?? entry.Subject,
            Recipients = attempt.Receipt?.Email?.Recipients ?? entry.Recipients,
        };
        return ledgers.TryRecordAsync(entry, next, recordToken);
    }

    private void ReportSent(MonitoredTenant tenant, OutboxEntry leased, DeliveryChannel channel, ChannelAttempt attempt)
    {
        metrics.AlertSent(leased.Severity, channel);
        LogAlertSent(tenant.TenantId, leased.Severity.ToSlug(), leased.DigestId, attempt.Next.Events.Count, channel);
    }
}
