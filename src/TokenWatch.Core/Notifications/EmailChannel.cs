using Microsoft.Extensions.Logging;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The email channel: the digest rendered as an email and handed to the configured <see cref="INotifier"/>, as one
/// email or, when it passes <see cref="AlertSettings.MaxDigestBytes"/> or the provider refuses it as too large, in
/// numbered parts.
/// </summary>
public sealed partial class EmailChannel(
    IDigestRenderer renderer,
    INotifier notifier,
    AlertSettings settings,
    ILogger<EmailChannel> logger
) : IDigestChannel
{
    public DeliveryChannel Channel => DeliveryChannel.Email;

    /// <summary>
    /// Sends the digest and returns the first (worst) email sent. The lease is renewed before each further part, so
    /// it only has to outlast one send. A part refused for its size is cut smaller and the rest planned again; any
    /// other failure leaves the whole digest pending on this channel, and the next attempt sends every part.
    /// </summary>
    public async Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        var first = renderer.Render(digest);
        var whole = DigestParts.SizeOf(first);
        var budget = settings.MaxDigestBytes;
        if (whole <= budget)
        {
            try
            {
                await notifier.SendAsync(first, cancellationToken);
                return new ChannelReceipt(first);
            }
            catch (DeliveryException ex) when (ex.TooLarge && digest.Events.Count > 1)
            {
                budget = whole / 2;
            }
        }

        return new ChannelReceipt(await SendInPartsAsync(digest, budget, lease, cancellationToken));
    }

    private async Task<OutgoingEmail> SendInPartsAsync(
        Digest digest,
        long budget,
        IDigestLease lease,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<AlertEvent> remaining = digest.Events;
        OutgoingEmail? sentFirst = null;
        var sent = 0;
        while (remaining.Count > 0)
        {
            var whole = DigestParts.SizeOf(renderer.Render(digest with { Events = remaining }));
            var parts = DigestParts.Plan(digest, remaining, whole, budget, renderer);
            var total = sent + parts.Count;
            LogDigestInParts(digest.Tenant.TenantId, digest.DigestId, total, budget / 1024);
            var replanned = false;
            foreach (var (events, email) in parts)
            {
                var part = DigestParts.Label(email, digest.DigestId, sent + 1, total);
                if (sent > 0)
                {
                    await lease.RenewAsync(cancellationToken);
                }

                try
                {
                    await notifier.SendAsync(part, cancellationToken);
                }
                catch (DeliveryException ex) when (ex.TooLarge && events.Count > 1)
                {
                    budget = Math.Max(1, DigestParts.SizeOf(email) / 2);
                    replanned = true;
                    break;
                }

                sentFirst ??= part;
                sent++;
                remaining = remaining.Skip(events.Count).ToList();
            }

            if (!replanned && remaining.Count > 0)
            {
                throw new InvalidOperationException("The digest's parts did not cover all its events.");
            }
        }

        return sentFirst!;
    }

    [LoggerMessage(
        EventId = 2012,
        EventName = "DigestInParts",
        Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} of tenant {TenantId} is too large for one email; "
            + "it is sent in {PartCount} parts of at most {MaxKilobytes} KB"
    )]
    private partial void LogDigestInParts(string tenantId, string digestId, int partCount, long maxKilobytes);
}
