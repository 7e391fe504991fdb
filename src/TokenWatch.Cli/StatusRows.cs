using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>
/// The rows <c>tokenwatch status</c> shows for one tenant: what its last poll stored, judged now by the tenant's
/// rules and its latest enrollment scan, each token with its running snooze (from the tenant's alert ledger).
/// </summary>
internal static class StatusRows
{
    public static IEnumerable<StatusRow> Of(
        MonitoredTenant tenant,
        StoredTenantState state,
        AlertLedger ledger,
        HealthRules rules,
        DateTimeOffset now,
        TokenWatch.Core.Enrollment.TenantEnrollment? enrollment = null
    )
    {
        if (state.LastPoll is null && state.Tokens.Count == 0)
        {
            return [Unread(tenant, "-", "Not polled yet.")];
        }

        var failures = (state.LastPoll?.Failures ?? []).Select(f =>
            Unread(
                tenant,
                f.Kind.ToSlug(),
                $"Not read on the last poll ({state.LastPoll!.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC): "
                    + f.Message
            )
        );

        // Judged beside the tenant's other tokens, as the poll and check judge them (rules about the whole tenant).
        var tokens = state.Tokens.Select(t => t.Observation).ToList();
        return failures.Concat(
            tokens.Select(t => Token(tenant, t, rules.Evaluate(t, now, tokens, enrollment), ledger, now))
        );
    }

    private static StatusRow Unread(MonitoredTenant tenant, string kind, string detail) =>
        new(tenant.TenantId, tenant.DisplayName, kind, "-", "-", "unknown", null, null, null, tenant.Paused, detail)
        {
            Health = HealthStatus.Unknown,
        };

    private static StatusRow Token(
        MonitoredTenant tenant,
        TokenObservation token,
        TokenHealth health,
        AlertLedger ledger,
        DateTimeOffset now
    )
    {
        var detail = string.Join(
            " ",
            health
                .Reasons.Where(r => r.Status != HealthStatus.Ok || token.NotConfigured)
                .Select(r => ConditionWording.Sentence(r, token, now))
        );
        var snooze = ledger.Snoozes.GetValueOrDefault($"{token.Kind.ToSlug()}:{token.Id}");
        return new StatusRow(
            tenant.TenantId,
            tenant.DisplayName,
            token.Kind.ToSlug(),
            token.DisplayName,
            token.Id,
            health.Status.ToSlug(),
            health.DaysUntilExpiry,
            token.ExpiresAt?.UtcDateTime,
            token.AppleId,
            tenant.Paused,
            detail
        )
        {
            Health = health.Status,
            SnoozedUntil = snooze is not null && snooze.Until > now ? snooze.Until.UtcDateTime : null,
            Silenced = snooze is not null && snooze.Until > now ? Silence.Line(token.DisplayName, snooze) : null,
        };
    }
}
