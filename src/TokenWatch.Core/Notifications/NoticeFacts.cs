using System.Globalization;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>The facts of an event: the tenant, then the token's fields, or what could not be read and why.</summary>
public static class NoticeFacts
{
    public static IReadOnlyList<NoticeFact> Of(AlertEvent e, MonitoredTenant tenant, DateTimeOffset now)
    {
        var facts = new List<NoticeFact>
        {
            new("Tenant", $"{NoticeText.Clean(tenant.DisplayName)} ({NoticeText.Clean(tenant.TenantId)})"),
        };
        facts.AddRange(e.Token is { } token ? Token(e, token, now) : Monitoring(e));
        return facts;
    }

    private static IEnumerable<NoticeFact> Token(AlertEvent e, TokenObservation token, DateTimeOffset now)
    {
        var kind = token.Kind.ToDisplayName();
        yield return new("Token", TypeName(token) is { } type ? $"{kind} · {type}" : kind);
        yield return new("Token id", NoticeText.Clean(token.Id));
        yield return new("Apple ID", Reported(token.AppleId) ?? "not reported by Graph");
        if (token.NotConfigured)
        {
            yield break;
        }

        yield return new("Expires", Expiry(e, token, now));
        if (token.Kind != TokenKind.Apns)
        {
            yield return new(
                "Last successful sync",
                token.LastSyncAt is { } synced ? $"{Words.Date(synced)} · {Words.Ago(synced, now)}" : "never reported"
            );
        }

        foreach (var fact in Fields(token))
        {
            yield return fact;
        }

        var reason = e.Health?.Reasons.FirstOrDefault(r => r.Condition == e.Condition && r.Finding is not null);
        foreach (var fact in EnrollmentWording.Facts(reason, now))
        {
            yield return fact;
        }
    }

    /// <summary>The fields Graph reported only for some tokens, each shown when it holds something.</summary>
    private static IEnumerable<NoticeFact> Fields(TokenObservation token)
    {
        if (token.SyncErrorCode is { } code and not 0)
        {
            yield return new("Sync error", SyncErrorWording.Fact(code));
        }

        var optional = new (string Label, string? Value, int Max)[]
        {
            (token.Kind == TokenKind.Apns ? "Upload status" : "State", token.State, NoticeText.MaxValue),
            ("Last sync status", token.SyncStatus, NoticeText.MaxValue),
            ("Upload failure", token.FailureReason, NoticeText.MaxMessage),
            ("Topic", token.TopicId, NoticeText.MaxValue),
            (
                "Unreadable data",
                token.Problems.Count > 0 ? string.Join("; ", token.Problems) : null,
                NoticeText.MaxMessage
            ),
        };
        foreach (var (label, value, max) in optional)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return new(label, NoticeText.Clean(value, max));
            }
        }
    }

    private static string Expiry(AlertEvent e, TokenObservation token, DateTimeOffset now) =>
        token.ExpiresAt is { } expires
            ? $"{Words.Date(expires)} · "
                + $"{Words.DaysLeft(EventWording.DaysLeft(e) ?? HealthRules.DaysUntil(expires, now))}"
            : "not reported by Graph";

    private static IEnumerable<NoticeFact> Monitoring(AlertEvent e)
    {
        if (e.Failure is not { } failure)
        {
            yield break;
        }

        var endpoints = e.Endpoints.Count > 0 ? e.Endpoints : [failure.Kind];
        yield return new("Could not read", string.Join(", ", endpoints.Select(Endpoint)));
        yield return new("Cause", NoticeText.Clean(Words.Spaced(failure.Code)));
        if (e.ConsecutiveFailures is { } count)
        {
            yield return new("Failed polls in a row", count.ToString(CultureInfo.InvariantCulture));
        }

        var optional = new (string Label, string? Value, int Max)[]
        {
            ("Error", failure.Message, NoticeText.MaxMessage),
            ("Request id", failure.RequestId, NoticeText.MaxValue),
            ("Client request id", failure.ClientRequestId, NoticeText.MaxValue),
        };
        foreach (var (label, value, max) in optional.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            yield return new(label, NoticeText.Clean(value, max));
        }
    }

    private static string Endpoint(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => "ADE tokens (Graph beta depOnboardingSettings)",
            TokenKind.Vpp => "VPP tokens (Graph vppTokens)",
            TokenKind.Apns => "APNs certificate (Graph applePushNotificationCertificate)",
        };

    private static string? Reported(string? value) => string.IsNullOrWhiteSpace(value) ? null : NoticeText.Clean(value);

    private static string? TypeName(TokenObservation token) =>
        token.TokenType?.ToLowerInvariant() switch
        {
            "dep" or "business" => "Apple Business Manager",
            "appleschoolmanager" or "education" => "Apple School Manager",
            null or "" or "none" => null,
            _ => NoticeText.Clean(token.TokenType),
        };
}
