using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// Builds the channel-neutral notice of a digest from its structured events, with the one wording module
/// (<see cref="EventWording"/>, <see cref="Remediation"/>, <see cref="NoticeFacts"/>): every channel says the same.
/// </summary>
public static class Notices
{
    /// <summary>The notice of <paramref name="digest"/> under <paramref name="subject"/> (numbered for a
    /// part).</summary>
    public static DigestNotice Of(Digest digest, string subject)
    {
        var events = digest.Events.Select((e, i) => WithActions(digest, e, i + 1)).ToList();
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
        return new DigestNotice(
            subject,
            preheader,
            digest.Severity,
            label,
            NoticeText.Clean(digest.Tenant.DisplayName),
            NoticeText.Clean(digest.Tenant.TenantId),
            counts,
            Words.Date(digest.ComposedAt),
            digest.DigestId,
            events.Count > 1,
            events
        )
        {
            Silenced = digest.Silenced.Select(s => NoticeText.Clean(s, NoticeText.MaxMessage)).ToList(),
        };
    }

    /// <summary>An event's notice with its signed action links, when the digest carries them.</summary>
    private static EventNotice WithActions(Digest digest, AlertEvent e, int number) =>
        Event(e, number, digest.Tenant, digest.ComposedAt) with
        {
            Actions = digest.Actions?.For(digest, e) ?? [],
        };

    /// <summary>The notice of one event, number <paramref name="number"/> of its digest.</summary>
    public static EventNotice Event(AlertEvent e, int number, MonitoredTenant tenant, DateTimeOffset composedAt)
    {
        var advice = Remediation.For(e, tenant.TenantId, tenant.Cloud);
        var token = e.Token;
        var name = token is null ? "" : NoticeText.Clean(token.DisplayName, NoticeText.MaxName);
        return new EventNotice(
            number,
            e.Severity,
            EventWording.Label(e),
            EventWording.KindLabel(e),
            token is not null,
            token?.Kind.ToDisplayName() ?? "Monitoring",
            name,
            token is null ? "Monitoring" : $"{token.Kind.ToDisplayName()} \"{name}\"",
            EventWording.Headline(e),
            NoticeText.Clean(EventWording.Sentence(e), NoticeText.MaxMessage),
            NoticeChanges.Of(e),
            NoticeFacts.Of(e, tenant, composedAt),
            advice.Impact is { } impact && e.Severity != HealthStatus.Ok ? impact : null,
            e.Kind == AlertEventKind.Milestone || e.Condition == Condition.Expiring
                ? "Once it expires"
                : "Why it matters",
            advice.Caution,
            advice.Steps.Select(s => NoticeText.Clean(s, NoticeText.MaxStep)).ToList(),
            SyncErrorWording.KnownErrorsTitle(token?.SyncErrorCode),
            advice.KnownErrors ?? [],
            advice.Links.Select((l, i) => new NoticeLink(l.Label, l.Url, i == 0)).ToList()
        );
    }
}
