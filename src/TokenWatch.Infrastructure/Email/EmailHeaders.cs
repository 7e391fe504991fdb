using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Headers both senders add, so admins can filter alerts in their mail client ("X-TokenWatch-Severity is
/// critical") and support can find a digest. Values are cleaned like the subject: no line breaks, bounded.
/// </summary>
internal static class EmailHeaders
{
    public static Dictionary<string, string> For(OutgoingEmail email) =>
        new(StringComparer.Ordinal)
        {
            ["X-TokenWatch-Tenant"] = Words.Clean(email.TenantId, 200),
            ["X-TokenWatch-Severity"] = email.Severity.ToSlug(),
            ["X-TokenWatch-Digest"] = Words.Clean(email.DigestId, 200),
        };
}
