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
        var id = $"{now.UtcDateTime:yyyyMMddHHmmss}-{DigestFingerprint(tenant.TenantId, ordered)}";
        var recipients = ordered.Any(e => e.Severity == HealthStatus.Critical)
            ? tenant.Recipients.Concat(tenant.CriticalRecipients).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : tenant.Recipients;
        return new Digest(id, tenant with { Recipients = recipients }, ordered, now);
    }

    /// <summary>e.g. <c>[TokenWatch] CRITICAL · Contoso · ADE token "Main ABM" sync error (terms not accepted) +2 more</c>.</summary>
    public static string Subject(Digest digest)
    {
        var tenant = SubjectText(digest.Tenant.DisplayName);
        if (digest.Events.Count == 0)
        {
            return $"[TokenWatch] OK · {tenant} · nothing to report";
        }

        var first = digest.Events[0];
        var label = digest.Severity == HealthStatus.Ok ? Label(first) : digest.Severity.ToSlug().ToUpperInvariant();
        var suffix = digest.Events.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $" +{digest.Events.Count - 1} more")
            : "";

        // Every part is cleaned on its own (Title and Headline already clean what Graph sent); the whole line is
        // cleaned and bounded once more so that no future part can smuggle a line break into the header.
        var body = $"[TokenWatch] {label} · {tenant} · {Title(first)} {Headline(first)}";
        return CleanText(body, MaxSubjectLength - suffix.Length) + suffix;
    }

    /// <summary>
    /// The word for an event in subjects and badges: the severity for problems; for good news, what happened
    /// (<c>RECOVERED</c>, <c>RENEWED</c>, <c>RESTORED</c>) so that "OK" never hides which good news it is.
    /// </summary>
    public static string Label(AlertEvent e) => e.Severity != HealthStatus.Ok
        ? e.Severity.ToSlug().ToUpperInvariant()
        : e.Kind switch
        {
            AlertEventKind.Recovered => "RECOVERED",
            AlertEventKind.Renewed => "RENEWED",
            AlertEventKind.MonitoringRestored => "RESTORED",
            AlertEventKind.TokenAdded => "NEW",
            _ => "INFO",
        };

    /// <summary>What the event is about: <c>ADE token "Main ABM"</c>, or <c>Monitoring</c> for tenant-level events.</summary>
    public static string Title(AlertEvent e) =>
        e.Token is { } token ? $"{token.Kind.ToDisplayName()} \"{SubjectText(token.DisplayName)}\"" : "Monitoring";

    /// <summary>A few words on what happened, for subjects and table cells. Graph-sourced parts are cleaned.</summary>
    public static string Headline(AlertEvent e) => e.Kind switch
    {
        AlertEventKind.Recovered => RecoveredHeadline(e),
        AlertEventKind.Milestone => ExpiryHeadline(e, e.MilestoneDays),
        AlertEventKind.Reminder => ReminderHeadline(e),
        AlertEventKind.Renewed => e.Token?.ExpiresAt is { } until ? $"renewed until {Day(until)}" : "renewed",
        AlertEventKind.OwnerChanged => "has a new Apple ID",
        AlertEventKind.TopicChanged => "was replaced by a new certificate",
        AlertEventKind.TokenAdded => "was added",
        AlertEventKind.TokenRemoved => "was removed",
        AlertEventKind.MonitoringFailed => $"failed ({Words(e.Failure?.Code ?? e.Condition)})",
        AlertEventKind.MonitoringRestored => "restored",
        _ => ConditionHeadline(e),
    };

    private static string ConditionHeadline(AlertEvent e) => e.Condition switch
    {
        ReasonCodes.Expired => "expired",
        ReasonCodes.Expiring => ExpiryHeadline(e, null),
        ReasonCodes.SyncError => $"sync error ({AdeSyncErrors.ShortHint(e.Token?.SyncErrorCode ?? 0)})",
        ReasonCodes.SyncStale => SinceLastSync(e) is { } age ? $"has not synced for {age}" : "has not synced",
        ReasonCodes.NeverSynced => "has never synced",
        ReasonCodes.InvalidState => $"state {SubjectText(e.Token?.State ?? "invalid")}",
        ReasonCodes.SyncFailed => "sync failed",
        ReasonCodes.UploadFailed => "upload failed",
        ReasonCodes.UnrecognizedState => string.IsNullOrWhiteSpace(e.Token?.State)
            ? "reports no state"
            : $"has an unrecognised state ({SubjectText(e.Token.State)})",
        ReasonCodes.MissingExpiry => "reports no expiry date",
        ReasonCodes.Unparseable => "sent data TokenWatch could not read",
        ReasonCodes.NotConfigured => "is not configured",
        _ => Words(e.Condition),
    };

    private static string ReminderHeadline(AlertEvent e) => e.Condition switch
    {
        ReasonCodes.Expired => DaysLeft(e) is { } d and < 0 ? $"still expired ({Days(-d)} ago)" : "still expired",
        ReasonCodes.Expiring => ExpiryHeadline(e, null),
        ReasonCodes.SyncError => $"still has a sync error ({AdeSyncErrors.ShortHint(e.Token?.SyncErrorCode ?? 0)})",
        ReasonCodes.SyncStale => SinceLastSync(e) is { } age ? $"still has not synced ({age})" : "still has not synced",
        ReasonCodes.InvalidState => $"still in state {SubjectText(e.Token?.State ?? "invalid")}",
        ReasonCodes.SyncFailed => "still fails to sync",
        ReasonCodes.UploadFailed => "upload still failing",
        _ => $"still {ConditionHeadline(e)}",
    };

    private static string RecoveredHeadline(AlertEvent e) => e.Condition switch
    {
        ReasonCodes.Expired or ReasonCodes.Expiring => "renewed",
        ReasonCodes.SyncError or ReasonCodes.SyncFailed => "syncs again",
        ReasonCodes.SyncStale or ReasonCodes.NeverSynced => "synced again",
        ReasonCodes.InvalidState => "is valid again",
        ReasonCodes.UploadFailed => "uploaded",
        _ => $"recovered ({Words(e.Condition)})",
    };

    /// <summary>Days left as of the event: the health's count if judged, else counted from the expiry date.</summary>
    public static int? DaysLeft(AlertEvent e) =>
        e.Health?.DaysUntilExpiry ?? (e.Token?.ExpiresAt is { } at ? HealthRules.DaysUntil(at, e.At) : null);

    private static string ExpiryHeadline(AlertEvent e, int? milestone) => (DaysLeft(e) ?? milestone) switch
    {
        null => "expires soon",
        < 0 => "expired",
        0 => "expires within a day",
        var d => $"expires in {Days(d.Value)}",
    };

    private static string? SinceLastSync(AlertEvent e)
    {
        if (e.Token?.LastSyncAt is not { } last || last > e.At)
        {
            return null;
        }

        var age = e.At - last;
        return age.TotalHours < 48 ? $"{(int)age.TotalHours} hours" : Days((int)age.TotalDays);
    }

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Day(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Words(string code) => SubjectText(code.Replace('-', ' '));

    /// <summary>Graph-sourced text made safe for a header: no control characters, no line breaks, bounded length.</summary>
    public static string SubjectText(string value) => CleanText(value, MaxSubjectPart);

    /// <summary>
    /// Text from outside (Graph, configuration) made safe to show and to put in a header: control characters and
    /// line breaks become spaces (runs collapse to one), explicit bidi controls are dropped (they can reorder what
    /// follows them: a "Trojan Source" subject), unpaired surrogates become U+FFFD, and the length is bounded
    /// without splitting a surrogate pair. Right-to-left letters themselves are kept: they are a name, not markup.
    /// </summary>
    public static string CleanText(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var clean = new StringBuilder(Math.Min(value.Length, maxLength + 2));
        var cut = false;
        for (var i = 0; i < value.Length; i++)
        {
            if (clean.Length > maxLength)
            {
                cut = true;
                break;
            }

            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else if (IsBidiControl(c))
            {
                // dropped
            }
            else if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (clean.Length > 0 && clean[^1] != ' ')
                {
                    clean.Append(' ');
                }
            }
            else
            {
                clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        var text = clean.ToString().TrimEnd();
        if (!cut && text.Length <= maxLength)
        {
            return text;
        }

        var keep = Math.Min(text.Length, maxLength - 1);
        if (keep < text.Length && char.IsLowSurrogate(text[keep]))
        {
            keep--; // never leave half of a surrogate pair behind
        }

        return text[..keep].TrimEnd() + "…";
    }

    /// <summary>ALM, LRM, RLM, the embeddings and overrides (U+202A–E) and the isolates (U+2066–9), and a stray BOM.</summary>
    private static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uFEFF';

    private static string DigestFingerprint(string tenantId, IEnumerable<AlertEvent> events)
    {
        var text = tenantId + "\n" + string.Join("\n", events.Select(e => $"{e.Kind}|{e.Token?.Key}|{e.Condition}|{e.Severity}|{e.MilestoneDays}"));
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash)[..12];
    }
}
