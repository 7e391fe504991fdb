using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// The last stage of every posting channel: the message goes to the configured URL (<see cref="ChannelPost"/>,
/// which bounds it and sorts the answer for the outbox), or, with no URL set, into the outbox folder
/// (<see cref="ChannelOutboxFolder"/>) next to the digest's email.
/// </summary>
public sealed class ChannelSend(ChannelPost post, ChannelOutboxFolder folder)
{
    public async Task SendAsync(
        Digest digest,
        ChannelTarget target,
        ChannelMessage message,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(target.Url))
        {
            await folder.WriteAsync(digest, message.FileSuffix, message.FileContent, cancellationToken);
            return;
        }

        var request = new ChannelRequest(
            target.Name,
            target.Setting,
            new Uri(target.Url.Trim()),
            message.Body,
            message.Headers,
            target.Timeout,
            target.Secrets
        );
        await post.PostAsync(request, cancellationToken);
    }
}
