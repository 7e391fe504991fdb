using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Watches a renewed ADE or VPP token for its first successful sync: "renewal confirmed" when one comes, or "not
/// confirmed" when none comes within <see cref="AlertSettings.RenewalConfirmation"/> (for example the token of
/// another device management service, or another location, was uploaded). The push certificate has no sync to watch.
/// </summary>
internal sealed class RenewalCheck(AlertSettings settings)
{
    /// <summary>The renewal still waiting after this decision, and the event it produced, if any.</summary>
    public (PendingRenewal? Pending, AlertEvent? Told) Decide(
        TokenObservation token,
        TokenObservation? previous,
        PendingRenewal? pending,
        bool renewedNow,
        TokenHealth health,
        DateTimeOffset now
    )
    {
        if (renewedNow && token.Kind != TokenKind.Apns)
        {
            pending = new PendingRenewal(now, previous?.LastSyncAt);
        }

        if (pending is null)
        {
            return (null, null);
        }

        pending = pending with { SeenAt = LedgerTimes.NotAfter(pending.SeenAt, now) };

        // Only a sync after TokenWatch saw the new expiry proves the renewed token works: one between the last poll
        // and the renewal may still have been the old token's.
        if (token.LastSyncAt is { } synced && synced >= pending.SeenAt)
        {
            return (null, Events.Token(AlertEventKind.RenewalConfirmed, HealthStatus.Ok, token, health, now));
        }

        return now - pending.SeenAt >= settings.RenewalConfirmation
            ? (null, Events.Token(AlertEventKind.RenewalNotConfirmed, HealthStatus.Critical, token, health, now))
            : (pending, null);
    }
}
