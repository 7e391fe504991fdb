using System.Text;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications.Teams;

/// <summary>
/// Posts a digest's Adaptive Card (<see cref="TeamsCard"/>) to a Teams Workflows webhook, or writes it to the outbox
/// folder when no URL is set.
/// </summary>
public sealed class TeamsChannel(IOptions<TokenWatchOptions> options, ChannelSend send) : IDigestChannel
{
    public const string Setting = "TokenWatch:Teams:WebhookUrl";

    private readonly TokenWatchOptions _options = options.Value;
    private readonly TeamsOptions _teams = options.Value.Teams;

    public DeliveryChannel Channel => DeliveryChannel.Teams;

    public async Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        ChannelSecrets.ThrowIfUnresolved(_options, DeliveryChannel.Teams);
        if (!string.IsNullOrWhiteSpace(_teams.WebhookUrl))
        {
            // A post is started only when the evaluation's time left covers it (the card is one post).
            InParts.ThrowIfNoTime(lease, TimeSpan.FromSeconds(_teams.TimeoutSeconds), 0);
        }

        var body = TeamsCard.Encoding(TeamsCard.Message(digest));
        var target = new ChannelTarget(
            "Teams",
            Setting,
            _teams.WebhookUrl,
            TimeSpan.FromSeconds(_teams.TimeoutSeconds),
            [_teams.WebhookUrl]
        );
        var message = new ChannelMessage(body, [], "teams.json", Encoding.UTF8.GetString(body));
        await send.SendAsync(digest, target, message, cancellationToken);
        return ChannelReceipt.Accepted;
    }
}
