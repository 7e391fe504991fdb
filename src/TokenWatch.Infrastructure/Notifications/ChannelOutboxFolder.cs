using System.Text;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Local delivery of a posting channel when no URL is set: each digest is written next to its email in the outbox
/// folder, as what would have been posted (<c>…teams.json</c>, <c>…webhook.http</c>).
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
        var digestId = OutboxFiles.SafeFileName(digest.DigestId);
        var name = $"{digestId}-{OutboxFiles.SafeFileName(digest.Tenant.TenantId)}.{suffix}";
        var path = Path.Combine(Folder, name);
        await OutboxFiles.WriteAtomicallyAsync(
            path,
            stream => stream.WriteAsync(new UTF8Encoding(false).GetBytes(content), cancellationToken).AsTask(),
            cancellationToken
        );
        return path;
    }
}
