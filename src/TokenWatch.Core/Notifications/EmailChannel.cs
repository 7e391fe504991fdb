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

    /// <summary>Sends the digest whole or in parts (<see cref="InParts"/>) and returns the first (worst) email
    /// sent.</summary>
    public async Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        var first = await InParts.SendAsync(
            digest,
            new EmailParts(renderer),
            settings.MaxDigestBytes,
            notifier.AttemptTimeout,
            notifier.SendAsync,
            (count, budget) => LogDigestInParts(digest.Tenant.TenantId, digest.DigestId, count, budget / 1024),
            lease,
            cancellationToken
        );
        return new ChannelReceipt(first);
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
