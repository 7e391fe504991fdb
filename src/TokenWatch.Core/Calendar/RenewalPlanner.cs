using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Calendar;

/// <summary>Picks the tokens that expire within the horizon and plans each one's renewal.</summary>
public static class RenewalPlanner
{
    /// <summary>
    /// The renewals of <paramref name="tokens"/> expiring within <paramref name="horizonDays"/> of
    /// <paramref name="now"/> (an expired token is left to the alerts), soonest first. The day to act is
    /// <paramref name="leadDays"/> before expiry, the milestone at which the alerts begin to warn.
    /// </summary>
    public static IReadOnlyList<Renewal> Plan(
        MonitoredTenant tenant,
        IEnumerable<TokenObservation> tokens,
        DateTimeOffset now,
        int horizonDays,
        int leadDays
    ) =>
        tokens
            .Where(t => !t.NotConfigured && t.ExpiresAt is { } at && at > now && at <= now.AddDays(horizonDays))
            .Select(t => Plan(tenant, t, t.ExpiresAt!.Value, now, leadDays))
            .OrderBy(r => r.ExpiresAt)
            .ThenBy(r => r.Token.Key, StringComparer.Ordinal)
            .ToList();

    private static Renewal Plan(
        MonitoredTenant tenant,
        TokenObservation token,
        DateTimeOffset expiresAt,
        DateTimeOffset now,
        int leadDays
    )
    {
        // The steps are the ones the milestone alert gives: the same advice, from the same place.
        var milestone = new AlertEvent
        {
            Kind = AlertEventKind.Milestone,
            Severity = HealthStatus.Warning,
            At = now,
            Condition = Condition.Expiring,
            Token = token,
            MilestoneDays = leadDays,
        };
        var actOn = DateOnly.FromDateTime(expiresAt.UtcDateTime.AddDays(-leadDays));
        return new Renewal(
            tenant,
            token,
            expiresAt,
            actOn,
            HealthRules.DaysUntil(expiresAt, now),
            Uid(tenant, token, expiresAt),
            Remediation.For(milestone, tenant.TenantId, tenant.Cloud)
        );
    }

    /// <summary>
    /// From the tenant, the token and the expiry day only: a renewal (a new expiry) is a new event, with a new UID,
    /// rather than the old event moved (same UID, higher SEQUENCE). Why: RFC 5545 makes the UID the identity of one
    /// event and SEQUENCE the count of its revisions, and calendar clients take a known UID as an update only when
    /// its SEQUENCE is not below the one they hold, so moving an event needs a SEQUENCE that only ever grows, kept
    /// per token across weekly calendars, which nothing here stores. And a renewal is not the same task moved: the
    /// one due before the old expiry is done, the next is a year later. With a UID per expiry the done one stays on
    /// its day, the next is added, and a calendar sent again (same UID, SEQUENCE 0) updates its events in place.
    /// </summary>
    private static string Uid(MonitoredTenant tenant, TokenObservation token, DateTimeOffset expiresAt)
    {
        var key = string.Create(
            CultureInfo.InvariantCulture,
            $"{tenant.TenantId}\n{token.Key}\n{expiresAt.UtcDateTime:yyyy-MM-dd}"
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "@tokenwatch";
    }
}
