using System.Text;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Posts a digest's Adaptive Card to a Teams Workflows webhook, or writes it to the outbox folder when no URL is set.
/// </summary>
public sealed class TeamsChannel(IOptions<TokenWatchOptions> options, ChannelPost post, ChannelOutboxFolder folder)
    : IDigestChannel
{
    public const string Setting = "TokenWatch:Teams:WebhookUrl";

    private readonly TokenWatchOptions _options = options.Value;
    private readonly TeamsOptions _teams = options.Value.Teams;

    public DeliveryChannel Channel => DeliveryChannel.Teams;

    public async Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
    {
        ChannelSecrets.ThrowIfUnresolved(_options, DeliveryChannel.Teams);
        var body = TeamsCard.Encoding(TeamsCard.Message(digest));
        if (string.IsNullOrWhiteSpace(_teams.WebhookUrl))
        {
            await folder.WriteAsync(digest, "teams.json", Encoding.UTF8.GetString(body), cancellationToken);
            return ChannelReceipt.Accepted;
        }

        var request = new ChannelRequest(
            "Teams",
            Setting,
            new Uri(_teams.WebhookUrl.Trim()),
            body,
            [],
            TimeSpan.FromSeconds(_teams.TimeoutSeconds),
            [_teams.WebhookUrl]
        );
        await post.PostAsync(request, cancellationToken);
        return ChannelReceipt.Accepted;
    }
}
