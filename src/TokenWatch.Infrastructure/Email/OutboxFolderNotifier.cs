using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Local delivery: writes each digest to the outbox folder as an <c>.eml</c> (MIME multipart/alternative with the
/// text and the HTML part, the same headers SendGrid would send; opens in any mail client) and an <c>.html</c>
/// (opens in a browser). Used when no SendGrid key is configured.
/// </summary>
public sealed class OutboxFolderNotifier(IOptions<TokenWatchOptions> options) : INotifier
{
    private readonly EmailOptions _email = options.Value.Email;

    public string Folder => Path.GetFullPath(_email.OutboxPath);

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var stem = Path.Combine(
            Folder,
            $"{OutboxFiles.SafeFileName(email.DigestId)}-{OutboxFiles.SafeFileName(email.TenantId)}"
        );
        var message = ToMime(email);
        await OutboxFiles.WriteAtomicallyAsync(
            stem + ".eml",
            stream => message.WriteToAsync(stream, cancellationToken),
            cancellationToken
        );
        await OutboxFiles.WriteAtomicallyAsync(
            stem + ".html",
            stream => stream.WriteAsync(new UTF8Encoding(false).GetBytes(email.Html), cancellationToken).AsTask(),
            cancellationToken
        );
    }

    /// <summary>The digest as a MIME message, as a mail client would receive it.</summary>
    public MimeMessage ToMime(OutgoingEmail email)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Words.Clean(_email.FromName, 200), _email.From.Trim()));
        message.To.AddRange(
            email
                .Recipients.Select(r => r.Trim())
                .Where(r => r.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(MailboxAddress.Parse)
        );
        message.Subject = Words.Clean(email.Subject, DigestComposer.MaxSubjectLength);
        message.Date = email.CreatedAt;
        message.MessageId = $"{OutboxFiles.SafeFileName(email.DigestId)}@tokenwatch.local";
        foreach (var (name, value) in EmailHeaders.For(email))
        {
            message.Headers.Add(name, value);
        }

        // BodyBuilder makes multipart/alternative with the text part first: clients show the last part they can.
        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
