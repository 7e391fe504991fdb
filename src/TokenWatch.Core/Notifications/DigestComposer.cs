using System.Globalization;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Notifications;

/// <summary>Groups a tenant's events into one digest and writes its subject line.</summary>
public static class DigestComposer
{
    /// <summary>
    /// Longest subject. RFC 5322 allows far more, but mail clients cut subjects at 60–130 characters anyway and a
    /// bounded subject keeps a hostile token name from growing the header (the "+N more" suffix is always kept).
    /// </summary>
    public const int MaxSubjectLength = 240;

    /// <summary>
    /// One digest for all of a tenant's events, worst first, addressed to the tenant's recipients and, when it holds
    /// a critical event, its critical recipients too: one email per tenant per evaluation, whoever it goes to.
    /// </summary>
    public static Digest Compose(MonitoredTenant tenant, IEnumerable<AlertEvent> events, DateTimeOffset now)
    {
        var ordered = events
            .OrderByDescending(e => e.Severity.Rank())
            .ThenBy(e => e.Token?.Kind)
            .ThenBy(e => e.Token?.DisplayName, StringComparer.Ordinal)
            .ToList();
        var id = $"{now.UtcDateTime:yyyyMMddHHmmss}-{EventIdentity.OfDigest(tenant.TenantId, ordered)}";
        var recipients = ordered.Any(e => e.Severity == HealthStatus.Critical)
            ? tenant.Recipients.Concat(tenant.CriticalRecipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : tenant.Recipients;
        return new Digest(id, tenant with { Recipients = recipients }, ordered, now);
    }

    /// <summary>
    /// e.g. <c>[TokenWatch] CRITICAL · Contoso · ADE token "Main ABM" sync error (code 3, often terms not accepted) +2
    /// more</c>.
    /// </summary>
    public static string Subject(Digest digest)
    {
        var tenant = Words.Inline(digest.Tenant.DisplayName);
        if (digest.Events.Count == 0)
        {
            return $"[TokenWatch] OK · {tenant} · nothing to report";
        }

        var first = digest.Events[0];
        var label =
            digest.Severity == HealthStatus.Ok
                ? EventWording.Label(first)
                : digest.Severity.ToSlug().ToUpperInvariant();
        var suffix =
            digest.Events.Count > 1
                ? string.Create(CultureInfo.InvariantCulture, $" +{digest.Events.Count - 1} more")
                : "";

        // Every part is cleaned on its own (Title and Headline already clean what Graph sent); the whole line is
        // cleaned and bounded once more so that no future part can smuggle a line break into the header.
        var body = $"[TokenWatch] {label} · {tenant} · {EventWording.Title(first)} {EventWording.Headline(first)}";
        return Words.Clean(body, MaxSubjectLength - suffix.Length) + suffix;
    }
}
