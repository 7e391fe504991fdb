using System.Text;
using MimeKit;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Local delivery: writes each digest to the outbox folder as an <c>.eml</c> (MIME, text and HTML parts; opens in
/// any mail client) and an <c>.html</c> (opens in a browser). Used when no SendGrid key is configured.
/// </summary>
public sealed class OutboxFolderNotifier(IOptions<TokenWatchOptions> options) : INotifier
{
    private readonly EmailOptions _email = options.Value.Email;

    public string Folder => Path.GetFullPath(_email.OutboxPath);

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var stem = Path.Combine(Folder, $"{email.DigestId}-{SafeFileName(email.TenantId)}");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(_email.FromName, _email.From));
        message.To.AddRange(email.Recipients.Select(MailboxAddress.Parse));
        message.Subject = email.Subject;
        message.Date = email.CreatedAt;
        message.MessageId = $"{email.DigestId}@tokenwatch.local";
        message.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        await message.WriteToAsync(stem + ".eml", cancellationToken);
        await File.WriteAllTextAsync(stem + ".html", email.Html, Encoding.UTF8, cancellationToken);
    }

    private static string SafeFileName(string value)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(value.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return safe.Length <= 60 ? safe : safe[..60];
    }
}
