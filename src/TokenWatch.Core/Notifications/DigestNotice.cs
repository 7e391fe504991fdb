using TokenWatch.Core.Health;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// A digest as an admin reads it, whatever the channel: the header, the in-this-digest counts and the events worst
/// first. Built once by <see cref="Notices"/>; the email, the Teams card and the webhook body are formatters of it.
/// </summary>
public sealed record DigestNotice(
    string Subject,
    string Preheader,
    HealthStatus Severity,
    string SeverityLabel,
    string TenantName,
    string TenantId,
    string Counts,
    string ComposedAt,
    string DigestId,
    bool ShowSummary,
    IReadOnlyList<EventNotice> Events
)
{
    /// <summary>What is silenced in the tenant now, one line each: a silencing is never silent.</summary>
    public IReadOnlyList<string> Silenced { get; init; } = [];
}
