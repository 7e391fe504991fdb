using TokenWatch.Core.Health;

namespace TokenWatch.Core.Notifications;

/// <summary>A rendered digest, ready to send.</summary>
public sealed record OutgoingEmail(
    string DigestId,
    string TenantId,
    DateTimeOffset CreatedAt,
    HealthStatus Severity,
    IReadOnlyList<string> Recipients,
    string Subject,
    string Html,
    string Text
)
{
    /// <summary>Files sent with the email, such as the renewal calendar's <c>.ics</c>.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];
}
