using Microsoft.Extensions.Options;
using MimeKit;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// The local sender: the same message as SendGrid would carry, as an .eml a mail client opens and an .html.
/// </summary>
public sealed class OutboxFolderNotifierTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenwatch-outbox-" + Guid.NewGuid());

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_eml_holds_both_parts_and_the_headers_and_the_html_file_is_the_html_part()
    {
        var options = Options.Create(
            new TokenWatchOptions
            {
                Email = new EmailOptions
                {
                    From = "tokenwatch@contoso.example",
                    FromName = "TokenWatch (Contoso IT)",
                    OutboxPath = _folder,
                },
            }
        );
        var email = new FluidDigestRenderer().Render(DigestSamples.Demo());

        await new OutboxFolderNotifier(options).SendAsync(email, CancellationToken.None);

        var stem = Path.Combine(_folder, $"{email.DigestId}-{email.TenantId}");
        Assert.Equal([stem + ".eml", stem + ".html"], Directory.GetFiles(_folder).Order(StringComparer.Ordinal));
        var message = await MimeMessage.LoadAsync(stem + ".eml");
        Assert.Equal("\"TokenWatch (Contoso IT)\" <tokenwatch@contoso.example>", message.From.ToString());
        Assert.Equal(
            ["intune-admins@contoso.example", "it-ops@contoso.example"],
            message.To.Mailboxes.Select(m => m.Address)
        );
        Assert.Equal(email.Subject, message.Subject);
        Assert.Equal(DigestSamples.Now, message.Date);
        Assert.Equal($"{email.DigestId}@tokenwatch.local", message.MessageId);
        Assert.Equal("critical", message.Headers["X-TokenWatch-Severity"]);
        Assert.Equal(DigestSamples.Contoso.TenantId, message.Headers["X-TokenWatch-Tenant"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(email.Text, message.TextBody);
        Assert.Equal(email.Html, message.HtmlBody);
        Assert.Equal(email.Html, await File.ReadAllTextAsync(stem + ".html"));
    }
}
