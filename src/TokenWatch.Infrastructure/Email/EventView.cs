using System.Globalization;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Email;

/// <summary>One row of an event's facts; <see cref="TextLabel"/> is padded so the text part lines up.</summary>
internal sealed record FactView(string Label, string Value, string TextLabel);

/// <summary>Something that changed: "Expiry: 2026-06-10 → 2027-06-09".</summary>
internal sealed record ChangeView(string Label, string Old, string New);

/// <summary>A portal to open; the first link of an event is its main action.</summary>
internal sealed record LinkView(string Label, string Url, bool Primary);

/// <summary>
/// One event as the templates show it. Every string from outside (Graph, configuration) is cleaned and bounded
/// here; encoding for HTML is left to the template engine, so the same view serves the HTML and the text part.
/// </summary>
internal sealed record EventView(
    int Number,
    string Label,
    string Color,
    string KindLabel,
    bool HasToken,
    string KindName,
    string TokenName,
    string Title,
    string Headline,
    string Message,
    IReadOnlyList<ChangeView> Changes,
    IReadOnlyList<FactView> Facts,
    string? Impact,
    string ImpactLabel,
    string? Caution,
    IReadOnlyList<string> Steps,
    string KnownErrorsTitle,
    IReadOnlyList<KnownSyncError> KnownErrors,
    IReadOnlyList<LinkView> Links
)
{
    public static EventView From(AlertEvent e, int number, MonitoredTenant tenant, DateTimeOffset composedAt)
    {
        var advice = Remediation.For(e, tenant.TenantId);
        var token = e.Token;
        var facts = new List<(string Label, string Value)>
        {
            ("Tenant", $"{EmailText.Clean(tenant.DisplayName)} ({EmailText.Clean(tenant.TenantId)})"),
        };
        facts.AddRange(token is null ? MonitoringFacts(e) : TokenFacts(e, token, composedAt));
        var width = facts.Max(f => f.Label.Length) + 2;
        var name = token is null ? "" : EmailText.Clean(token.DisplayName, EmailText.MaxName);
        var known = advice.KnownErrors ?? [];
        return new EventView(
            number,
            EventWording.Label(e),
            ColorOf(e.Severity),
            EventWording.KindLabel(e),
            token is not null,
            token?.Kind.ToDisplayName() ?? "Monitoring",
            name,
            token is null ? "Monitoring" : $"{token.Kind.ToDisplayName()} \"{name}\"",
            EventWording.Headline(e),
            EmailText.Clean(EventWording.Sentence(e), EmailText.MaxMessage),
            ChangesOf(e),
            facts.Select(f => new FactView(f.Label, f.Value, (f.Label + ":").PadRight(width))).ToList(),
            advice.Impact is { } impact && e.Severity != HealthStatus.Ok ? impact : null,
            e.Kind == AlertEventKind.Milestone || e.Condition == Condition.Expiring
                ? "Once it expires"
                : "Why it matters",
            advice.Caution,
            advice.Steps.Select(s => EmailText.Clean(s, 1000)).ToList(),
            token?.SyncErrorCode == ConditionWording.TermsNotAcceptedCode
                ? "If Intune shows another sync error"
                : "Intune's sync errors and their fixes",
            known,
            advice.Links.Select((l, i) => new LinkView(l.Label, l.Url, i == 0)).ToList()
        );
    }

    /// <summary>The colour of a severity; the badge text always says it too, so colour is never the only signal.</summary>
    public static string ColorOf(HealthStatus status) =>
        status switch
        {
            HealthStatus.Critical => "#b91c1c",
            HealthStatus.Unknown => "#6d28d9",
            HealthStatus.Warning => "#b45309",
            _ => "#15803d",
        };

    private static IEnumerable<(string, string)> TokenFacts(AlertEvent e, TokenObservation token, DateTimeOffset now)
    {
        yield return (
            "Token",
            TypeName(token) is { } type ? $"{token.Kind.ToDisplayName()} · {type}" : token.Kind.ToDisplayName()
        );
        yield return ("Token id", EmailText.Clean(token.Id));
        yield return (
            "Apple ID",
            string.IsNullOrWhiteSpace(token.AppleId) ? "not reported by Graph" : EmailText.Clean(token.AppleId)
        );
        if (token.NotConfigured)
        {
            yield break;
        }

        yield return (
            "Expires",
            token.ExpiresAt is { } expires
                ? $"{Words.Date(expires)} · {Words.DaysLeft(EventWording.DaysLeft(e) ?? HealthRules.DaysUntil(expires, now))}"
                : "not reported by Graph"
        );
        if (token.Kind != TokenKind.Apns)
        {
            yield return (
                "Last successful sync",
                token.LastSyncAt is { } synced ? $"{Words.Date(synced)} · {Words.Ago(synced, now)}" : "never reported"
            );
        }

        if (token.SyncErrorCode is { } code and not 0)
        {
            yield return (
                "Sync error",
                code == ConditionWording.TermsNotAcceptedCode
                    ? "code 3 (often: terms and conditions not accepted; Apple does not document the codes)"
                    : string.Create(CultureInfo.InvariantCulture, $"code {code} (Apple does not document the codes)")
            );
        }

        if (!string.IsNullOrWhiteSpace(token.State))
        {
            yield return (token.Kind == TokenKind.Apns ? "Upload status" : "State", EmailText.Clean(token.State));
        }

        if (!string.IsNullOrWhiteSpace(token.SyncStatus))
        {
            yield return ("Last sync status", EmailText.Clean(token.SyncStatus));
        }

        if (!string.IsNullOrWhiteSpace(token.FailureReason))
        {
            yield return ("Upload failure", EmailText.Clean(token.FailureReason, EmailText.MaxMessage));
        }

        if (!string.IsNullOrWhiteSpace(token.TopicId))
        {
            yield return ("Topic", EmailText.Clean(token.TopicId));
        }

        if (token.Problems.Count > 0)
        {
            yield return ("Unreadable data", EmailText.Clean(string.Join("; ", token.Problems), EmailText.MaxMessage));
        }
    }

    private static IEnumerable<(string, string)> MonitoringFacts(AlertEvent e)
    {
        if (e.Failure is not { } failure)
        {
            yield break;
        }

        yield return (
            "Could not read",
            string.Join(
                ", ",
                (e.Endpoints.Count > 0 ? e.Endpoints : [failure.Kind]).Select(kind =>
                    kind switch
                    {
                        TokenKind.Ade => "ADE tokens (Graph beta depOnboardingSettings)",
                        TokenKind.Vpp => "VPP tokens (Graph vppTokens)",
                        TokenKind.Apns => "APNs certificate (Graph applePushNotificationCertificate)",
                    }
                )
            )
        );
        yield return ("Cause", EmailText.Clean(Words.Spaced(failure.Code)));
        if (e.ConsecutiveFailures is { } count)
        {
            yield return ("Failed polls in a row", count.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrWhiteSpace(failure.Message))
        {
            yield return ("Error", EmailText.Clean(failure.Message, EmailText.MaxMessage));
        }

        if (!string.IsNullOrWhiteSpace(failure.RequestId))
        {
            yield return ("Request id", EmailText.Clean(failure.RequestId));
        }

        if (!string.IsNullOrWhiteSpace(failure.ClientRequestId))
        {
            yield return ("Client request id", EmailText.Clean(failure.ClientRequestId));
        }
    }

    /// <summary>What changed between the token before and now; for a recovery without a "before", the cleared condition.</summary>
    private static List<ChangeView> ChangesOf(AlertEvent e)
    {
        var changes = new List<ChangeView>();
        if (e.Previous is { } before && e.Token is { } after)
        {
            Compare(
                changes,
                "Expiry",
                before.ExpiresAt is { } b ? Words.Day(b) : null,
                after.ExpiresAt is { } a ? Words.Day(a) : null
            );
            Compare(changes, "Apple ID", before.AppleId, after.AppleId);
            Compare(changes, "Topic", before.TopicId, after.TopicId);
            Compare(changes, "Name", before.Name, after.Name);
            Compare(changes, "State", before.State, after.State);
            Compare(changes, "Last sync status", before.SyncStatus, after.SyncStatus);
            Compare(changes, "Sync error", SyncError(before.SyncErrorCode), SyncError(after.SyncErrorCode));
            Compare(changes, "Upload failure", before.FailureReason, after.FailureReason);
        }

        if (e.Kind == AlertEventKind.Recovered && changes.Count == 0 && e.Condition is { } condition)
        {
            changes.Add(new("Condition", EmailText.Clean(Words.Spaced(condition.Code())), "cleared"));
        }

        if (e.Kind == AlertEventKind.Renewed && changes.Count == 0 && e.Token?.ExpiresAt is { } until)
        {
            changes.Add(new("Expiry", "earlier", Words.Day(until)));
        }

        return changes;
    }

    private static string? SyncError(int? code) =>
        code is null or 0 ? null : string.Create(CultureInfo.InvariantCulture, $"code {code}");

    private static void Compare(List<ChangeView> changes, string label, string? before, string? after)
    {
        var old = EmailText.Clean(before);
        var now = EmailText.Clean(after);
        if (!string.Equals(old, now, StringComparison.Ordinal))
        {
            changes.Add(new(label, old.Length == 0 ? "none" : old, now.Length == 0 ? "none" : now));
        }
    }

    private static string? TypeName(TokenObservation token) =>
        token.TokenType?.ToLowerInvariant() switch
        {
            "dep" or "business" => "Apple Business Manager",
            "appleschoolmanager" or "education" => "Apple School Manager",
            null or "" or "none" => null,
            _ => EmailText.Clean(token.TokenType),
        };
}
