using System.Text;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Local delivery of the Teams and webhook channels when no URL is set: each digest is written next to its email
/// in the outbox folder, as <c>…teams.json</c> (the message that would be posted) or <c>…webhook.http</c> (the
/// request, headers and body, that would be sent).
/// </summary>
public sealed class ChannelOutboxFolder(IOptions<TokenWatchOptions> options)
{
    public string Folder => Path.GetFullPath(options.Value.Email.OutboxPath);

    public async Task<string> WriteAsync(
        Digest digest,
        string suffix,
        string content,
        CancellationToken cancellationToken
    )
    {
        Directory.CreateDirectory(Folder);
        var digestId = OutboxFolderNotifier.SafeFileName(digest.DigestId);
        var name = $"{digestId}-{OutboxFolderNotifier.SafeFileName(digest.Tenant.TenantId)}.{suffix}";
        var path = Path.Combine(Folder, name);
        await OutboxFolderNotifier.WriteAtomicallyAsync(
            path,
            stream => stream.WriteAsync(new UTF8Encoding(false).GetBytes(content), cancellationToken).AsTask(),
            cancellationToken
        );
        return path;
    }
}
