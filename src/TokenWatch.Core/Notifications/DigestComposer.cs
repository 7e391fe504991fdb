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

    public static Digest Compose(MonitoredTenant tenant, IEnumerable<AlertEvent> events, DateTimeOffset now)
    {
        var ordered = events
            .OrderByDescending(e => e.Severity.Rank())
            .ThenBy(e => e.Token.Kind)
            .ThenBy(e => e.Token.DisplayName, StringComparer.Ordinal)
            .ToList();
        var id = $"{now.UtcDateTime:yyyyMMddHHmmss}-{DigestFingerprint(tenant.TenantId, ordered)}";
        return new Digest(id, tenant, ordered, now);
    }

    /// <summary>e.g. <c>[TokenWatch] CRITICAL · Contoso · ADE token "Main ABM" sync error (terms not accepted) +2 more</c>.</summary>
    public static string Subject(Digest digest)
    {
        var first = digest.Events[0];
        var label = first.Kind == AlertEventKind.Recovered ? "RECOVERED" : digest.Severity.ToSlug().ToUpperInvariant();
        var subject = new StringBuilder()
            .Append("[TokenWatch] ").Append(label)
            .Append(" · ").Append(SubjectText(digest.Tenant.DisplayName))
            .Append(" · ").Append(first.Token.Kind.ToDisplayName())
            .Append(" \"").Append(SubjectText(first.Token.DisplayName)).Append("\" ")
            .Append(Headline(first));
        if (digest.Events.Count > 1)
        {
            subject.Append(CultureInfo.InvariantCulture, $" +{digest.Events.Count - 1} more");
        }

        return subject.ToString();
    }

    /// <summary>A few words on what happened, for subjects and table cells.</summary>
    public static string Headline(AlertEvent e)
    {
        if (e.Kind == AlertEventKind.Recovered)
        {
            return e.Reason.Code switch
            {
                ReasonCodes.Expired or ReasonCodes.Expiring => "renewed",
                ReasonCodes.SyncError or ReasonCodes.SyncFailed => "syncs again",
                ReasonCodes.SyncStale or ReasonCodes.NeverSynced => "synced again",
                ReasonCodes.InvalidState => "is valid again",
                _ => $"recovered ({e.Reason.Code.Replace('-', ' ')})",
            };
        }

        return e.Reason.Code switch
        {
            ReasonCodes.Expired => "expired",
            ReasonCodes.Expiring => e.Health.DaysUntilExpiry is { } d ? $"expires in {d} day{(d == 1 ? "" : "s")}" : "expires soon",
            ReasonCodes.SyncError => $"sync error ({AdeSyncErrors.ShortHint(e.Token.SyncErrorCode ?? 0)})",
            ReasonCodes.SyncStale => "has not synced",
            ReasonCodes.InvalidState => $"state {SubjectText(e.Token.State ?? "invalid")}",
            ReasonCodes.SyncFailed => "sync failed",
            ReasonCodes.UploadFailed => "upload failed",
            _ => e.Reason.Code.Replace('-', ' '),
        };
    }

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
        var text = tenantId + "\n" + string.Join("\n", events.Select(e => $"{e.Kind}|{e.Token.Key}|{e.Reason.Code}|{e.Severity}"));
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..12];
    }
}
