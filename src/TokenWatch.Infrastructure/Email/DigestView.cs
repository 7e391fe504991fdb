using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>The digest as the templates show it: header, the in-this-email list, the events worst first.</summary>
internal sealed record DigestView(
    string Subject,
    string Preheader,
    string SeverityLabel,
    string Color,
    string TenantName,
    string TenantId,
    string Counts,
    string ComposedAt,
    string DigestId,
    bool ShowSummary,
    IReadOnlyList<EventView> Events
)
{
    public static DigestView From(Digest digest, string subject)
    {
        var events = digest
            .Events.Select((e, i) => EventView.From(e, i + 1, digest.Tenant, digest.ComposedAt))
            .ToList();
        var label =
            events.Count == 0 ? "OK"
            : digest.Severity == HealthStatus.Ok ? events[0].Label
            : digest.Severity.ToSlug().ToUpperInvariant();

        // "2 critical · 1 warning · 1 recovered", in the order the events appear (worst first).
        var counts = string.Join(
            " · ",
            events.GroupBy(e => e.Label).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}")
        );

        // The preview line mail clients show next to the subject.
        var preheader = string.Join(" · ", events.Take(3).Select(e => $"{e.Title} {e.Headline}"));
        return new DigestView(
            subject,
            preheader,
            label,
            EventView.ColorOf(digest.Severity),
            EmailText.Clean(digest.Tenant.DisplayName),
            EmailText.Clean(digest.Tenant.TenantId),
            counts,
            Words.Date(digest.ComposedAt),
            digest.DigestId,
            events.Count > 1,
            events
        );
    }
}
