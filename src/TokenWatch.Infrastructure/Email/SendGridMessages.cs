using SendGrid.Helpers.Mail;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// A digest as SendGrid's v3 mail send request: one personalization per recipient (see <see cref="SendGridNotifier"/>
/// for why), searchable categories and custom args, no tracking.
/// </summary>
internal static class SendGridMessages
{
    private const int MaxPersonalizations = 1000;
    private const int MaxHeaderValue = 200;

    public static SendGridMessage Build(OutgoingEmail email, EmailOptions options)
    {
        var recipients = Recipients(email);
        var severity = email.Severity.ToSlug();
        var message = new SendGridMessage
        {
            From = new EmailAddress(options.From.Trim(), HeaderValue(options.FromName)),
            Subject = Words.Clean(email.Subject, DigestComposer.MaxSubjectLength),
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        for (var i = 0; i < recipients.Count; i++)
        {
            message.AddTo(new EmailAddress(recipients[i]), i);
        }

        // Message-level (global) custom args apply to every personalization; per-personalization ones would tag
        // only the first recipient's copy. Together with the categories they make the activity feed searchable.
        message.AddCategories(["tokenwatch", $"severity-{severity}"]);
        message.AddGlobalCustomArgs(
            new Dictionary<string, string>
            {
                ["tenant"] = HeaderValue(email.TenantId),
                ["severity"] = severity,
                ["digest_id"] = HeaderValue(email.DigestId),
            }
        );
        message.AddGlobalHeaders(EmailHeaders.For(email));
        AddAttachments(message, email);
        WithoutTracking(message, options.SandboxMode);
        return message;
    }

    /// <summary>Each address once, trimmed; refused for good when there is none or more than SendGrid takes.</summary>
    private static List<string> Recipients(OutgoingEmail email)
    {
        var recipients = email
            .Recipients.Select(r => r.Trim())
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (recipients.Count == 0)
        {
            throw new DeliveryException($"Digest {email.DigestId} has no recipients.", transient: false);
        }

        if (recipients.Count > MaxPersonalizations)
        {
            throw new DeliveryException(
                $"Digest {email.DigestId} has {recipients.Count} recipients; "
                    + $"SendGrid takes at most {MaxPersonalizations} in one message.",
                transient: false
            );
        }

        return recipients;
    }

    private static void AddAttachments(SendGridMessage message, OutgoingEmail email)
    {
        foreach (var attachment in email.Attachments)
        {
            var content = Convert.ToBase64String(attachment.Content);
            message.AddAttachment(attachment.FileName, content, attachment.ContentType, "attachment");
        }
    }

    /// <summary>
    /// An alert must not load a tracking pixel or send its portal links through a redirector: the email stays free of
    /// external resources, and the links read as what they are.
    /// </summary>
    private static void WithoutTracking(SendGridMessage message, bool sandbox)
    {
        message.SetClickTracking(false, false);
        message.SetOpenTracking(false);
        message.SetSubscriptionTracking(false);
        if (sandbox)
        {
            message.SetSandBoxMode(true);
        }
    }

    private static string HeaderValue(string value) => Words.Clean(value, MaxHeaderValue);
}
