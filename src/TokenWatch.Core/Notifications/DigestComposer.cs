using System.Globalization;
using System.Text;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>Groups a tenant's events into one digest and writes its subject line.</summary>
public static class DigestComposer
{
    /// <summary>Longest piece of Graph-sourced text allowed into a subject.</summary>
    private const int MaxSubjectPart = 80;

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
        var id = $"{now.UtcDateTime:yyyyMMddHHmmss}-{DigestFingerprint(tenant.TenantId, ordered)}";
        var recipients = ordered.Any(e => e.Severity == HealthStatus.Critical)
            ? tenant.Recipients.Concat(tenant.CriticalRecipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : tenant.Recipients;
        return new Digest(id, tenant with { Recipients = recipients }, ordered, now);
    }

    /// <summary>e.g. <c>[TokenWatch] CRITICAL · Contoso · ADE token "Main ABM" sync error (terms not accepted) +2 more</c>.</summary>
    public static string Subject(Digest digest)
    {
        var first = digest.Events[0];
        var label = first.Kind == AlertEventKind.Recovered ? "RECOVERED" : digest.Severity.ToSlug().ToUpperInvariant();
        var subject = new StringBuilder()
            .Append("[TokenWatch] ").Append(label)
            .Append(" · ").Append(SubjectText(digest.Tenant.DisplayName))
            .Append(" · ").Append(SubjectText(Title(first)))
            .Append(' ').Append(Headline(first));
        if (digest.Events.Count > 1)
        {
            subject.Append(CultureInfo.InvariantCulture, $" +{digest.Events.Count - 1} more");
        }

        return subject.ToString();
    }

    /// <summary>What the event is about: <c>ADE token "Main ABM"</c>, or <c>Monitoring</c> for tenant-level events.</summary>
    public static string Title(AlertEvent e) =>
        e.Token is { } token ? $"{token.Kind.ToDisplayName()} \"{token.DisplayName}\"" : "Monitoring";

    /// <summary>A few words on what happened, for subjects and table cells.</summary>
    public static string Headline(AlertEvent e)
    {
        if (e.Kind == AlertEventKind.Recovered)
        {
            return e.Condition switch
            {
                ReasonCodes.Expired or ReasonCodes.Expiring => "renewed",
                ReasonCodes.SyncError or ReasonCodes.SyncFailed => "syncs again",
                ReasonCodes.SyncStale or ReasonCodes.NeverSynced => "synced again",
                ReasonCodes.InvalidState => "is valid again",
                _ => $"recovered ({e.Condition.Replace('-', ' ')})",
            };
        }

        switch (e.Kind)
        {
            case AlertEventKind.Milestone:
                return $"expires in {Days(e.MilestoneDays ?? e.Health?.DaysUntilExpiry ?? 0)}";
            case AlertEventKind.Reminder:
                return $"still {e.Condition.Replace('-', ' ')}";
            case AlertEventKind.Renewed:
                return "renewed";
            case AlertEventKind.OwnerChanged:
                return "has a new Apple ID";
            case AlertEventKind.TopicChanged:
                return "was replaced by a new certificate";
            case AlertEventKind.TokenAdded:
                return "was added";
            case AlertEventKind.TokenRemoved:
                return "was removed";
            case AlertEventKind.MonitoringFailed:
                return $"failed ({(e.Failure?.Code ?? e.Condition).Replace('-', ' ')})";
            case AlertEventKind.MonitoringRestored:
                return "restored";
        }

        return e.Condition switch
        {
            ReasonCodes.Expired => "expired",
            ReasonCodes.Expiring => e.Health?.DaysUntilExpiry is { } d ? $"expires in {Days(d)}" : "expires soon",
            ReasonCodes.SyncError => $"sync error ({AdeSyncErrors.ShortHint(e.Token?.SyncErrorCode ?? 0)})",
            ReasonCodes.SyncStale => "has not synced",
            ReasonCodes.InvalidState => $"state {SubjectText(e.Token?.State ?? "invalid")}",
            ReasonCodes.SyncFailed => "sync failed",
            ReasonCodes.UploadFailed => "upload failed",
            _ => e.Condition.Replace('-', ' '),
        };
    }

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>Graph-sourced text made safe for a header: no control characters, no line breaks, bounded length.</summary>
    public static string SubjectText(string value)
    {
        var clean = new StringBuilder(Math.Min(value.Length, MaxSubjectPart + 1));
        foreach (var c in value)
        {
            if (clean.Length >= MaxSubjectPart)
            {
                return clean.ToString().TrimEnd() + "…";
            }

            clean.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return clean.ToString().Trim();
    }

    private static string DigestFingerprint(string tenantId, IEnumerable<AlertEvent> events)
    {
        var text = tenantId + "\n" + string.Join("\n", events.Select(e => $"{e.Kind}|{e.Token?.Key}|{e.Condition}|{e.Severity}|{e.MilestoneDays}"));
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..12];
    }
}
