using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>What the page says about an alert, in the words the email uses, and what it says once acted.</summary>
public static class ActionPageViews
{
    public static ActionPageView Of(
        ActionClaim claim,
        MonitoredTenant tenant,
        TokenLedger token,
        Snooze? silenced,
        string linkToken,
        ActionTokens tokens,
        TimeProvider clock
    )
    {
        var now = clock.GetUtcNow();
        var seen = token.Observation;
        var open = token.Alerts[claim.Condition];
        List<(string, string)> facts =
        [
            ("Tenant", $"{NoticeText.Clean(tenant.DisplayName)} ({NoticeText.Clean(tenant.TenantId)})"),
            ("Token id", NoticeText.Clean(seen.Id)),
            ("Expires", seen.ExpiresAt is { } expires ? Words.Date(expires) : "unknown"),
            ("Last sync", seen.LastSyncAt is { } synced ? Words.Date(synced) : "unknown"),
        ];
        if (seen.SyncErrorCode is { } code and not 0)
        {
            facts.Add(("Sync error code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ActionPageView(
            claim.Kind,
            NoticeText.Clean(tenant.DisplayName),
            $"{seen.Kind.ToDisplayName()} \"{NoticeText.Clean(seen.DisplayName, NoticeText.MaxName)}\"",
            claim.Condition,
            $"{open.Severity.ToSlug()} since {Words.Date(open.OpenedAt)}, last told {Words.Date(open.NotifiedAt)}",
            facts,
            silenced is not null && silenced.Until > now ? Silence.Line("this token", silenced) : null,
            claim.DigestId,
            linkToken,
            tokens.FormToken(linkToken),
            Words.Day(now.AddDays(1)),
            Words.Day(now + AlertActions.LongestSilence)
        );
    }

    /// <summary>The page after the action: what was done and what the next digest will say.</summary>
    public static string Done(AlertActionKind kind, ActionPageView view, DateTimeOffset? until) =>
        kind == AlertActionKind.Snooze
            ? ActionPageHtml.Done(
                "Snoozed",
                $"{view.Token} of {view.TenantName} is snoozed until {Words.Day(until!.Value)}. Its events are "
                    + "recorded, not sent, until then or until the token changes; every digest to the tenant "
                    + "meanwhile says so."
            )
            : ActionPageHtml.Done(
                "Acknowledged",
                $"{view.Condition} of {view.Token} ({view.TenantName}) is acknowledged: no reminders until it changes "
                    + "or recovers. The recovery is still sent, and every digest to the tenant meanwhile says who "
                    + "acknowledged it."
            );
}
