using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Portals;
using static TokenWatch.Core.Notifications.Words;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The words of every condition: the sentence that explains it, the few words of a headline (entered, reminder,
/// recovered) and the sentence of its recovery. Each switch covers every <see cref="Condition"/> without a fallback.
/// </summary>
public static class ConditionWording
{
    /// <summary>The sentence for a reason, as of <paramref name="at"/>: "Expires on 2026-06-10 09:12 UTC (30 days
    /// left)."</summary>
    public static string Sentence(HealthReason reason, TokenObservation token, DateTimeOffset at) =>
        reason.Condition switch
        {
            Condition.Unparseable => reason.Detail is { } problem
                ? $"Graph sent data TokenWatch could not read: {problem}"
                : $"Graph reports a last sync in the future ({Stamp(token.LastSyncAt)}); it cannot be judged.",
            Condition.MissingExpiry => "Graph did not report an expiry date.",
            Condition.Expired => token.ExpiresAt is { } expired && expired <= at
                ? $"Expired on {Date(expired)}."
                : "Intune reports the token as expired.",
            Condition.Expiring => token.ExpiresAt is { } expires
                ? $"Expires on {Date(expires)} ({Days(HealthRules.DaysUntil(expires, at))} left)."
                : "Expires soon.",
            Condition.SyncError => SyncErrorWording.Sentence(token.SyncErrorCode ?? 0, AppleManagerOf(token).Name),
            Condition.InvalidState => $"Intune reports the token state as '{token.State}'.",
            Condition.UnrecognizedState => Unrecognized(reason, token),
            Condition.SyncFailed => "The last sync with Apple failed.",
            Condition.NeverSynced => "Graph reports no successful sync with Apple.",
            Condition.SyncStale => token.LastSyncAt is { } synced
                ? $"Last successful sync {Age(at - synced)} ago ({Date(synced)})."
                : "No recent successful sync.",
            Condition.UploadFailed => string.IsNullOrWhiteSpace(token.FailureReason)
                ? $"Intune reports the last certificate upload as '{token.State}'."
                : $"Intune reports the last certificate upload as '{token.State}': {token.FailureReason}",
            Condition.NotConfigured => reason.Status == HealthStatus.Ok
                ? "No Apple MDM push certificate is configured in this tenant."
                : "No Apple MDM push certificate is configured in this tenant, yet it has ADE or VPP tokens: Intune "
                    + "cannot manage any Apple device without one.",
            Condition.PersonalAppleId => PersonalAppleId(token),
            Condition.SingleOwner => $"The push certificate's Apple ID ({reason.Detail}) is also the one typed on "
                + "every ADE and VPP token of this tenant: the certificate can be renewed only with it, so if that "
                + "account is locked or its owner leaves, the certificate cannot be renewed in time.",
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => EnrollmentWording.Sentence(reason, token, at),
        };

    /// <summary>A few words for a subject or a table cell: "sync error (code 3, often terms not accepted)".</summary>
    public static string Headline(Condition condition, TokenObservation? token, int? daysLeft, DateTimeOffset at) =>
        condition switch
        {
            Condition.Unparseable => "sent data TokenWatch could not read",
            Condition.MissingExpiry => "reports no expiry date",
            Condition.Expired => "expired",
            Condition.Expiring => ExpiryHeadline(daysLeft),
            Condition.SyncError => $"sync error ({SyncErrorWording.Hint(token?.SyncErrorCode ?? 0)})",
            Condition.InvalidState => $"state {Inline(token?.State ?? "invalid")}",
            Condition.UnrecognizedState => string.IsNullOrWhiteSpace(token?.State) ? "reports no state"
            : Portals.Is(token.State, "unknown") ? "state 'unknown' in Intune"
            : $"has an unrecognised state ({Inline(token.State)})",
            Condition.SyncFailed => "sync failed",
            Condition.NeverSynced => "has never synced",
            Condition.SyncStale => SinceLastSync(token, at) is { } age ? $"has not synced for {age}" : "has not synced",
            Condition.UploadFailed => "upload failed",
            Condition.NotConfigured => "is not configured",
            Condition.PersonalAppleId => token?.Kind == TokenKind.Apns
                ? "is owned by a personal Apple ID"
                : "shows a personal Apple ID",
            Condition.SingleOwner => "has the Apple ID typed on every Apple token",
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => EnrollmentWording.Headline(condition),
        };

    /// <summary>The headline of a reminder: "still expired (3 days ago)".</summary>
    public static string ReminderHeadline(
        Condition condition,
        TokenObservation? token,
        int? daysLeft,
        DateTimeOffset at
    ) =>
        condition switch
        {
            Condition.Expired => daysLeft is { } d and < 0 ? $"still expired ({Days(-d)} ago)" : "still expired",
            Condition.Expiring => ExpiryHeadline(daysLeft),
            Condition.SyncError => $"still has a sync error ({SyncErrorWording.Hint(token?.SyncErrorCode ?? 0)})",
            Condition.SyncStale => SinceLastSync(token, at) is { } age
                ? $"still has not synced ({age})"
                : "still has not synced",
            Condition.InvalidState => $"still in state {Inline(token?.State ?? "invalid")}",
            Condition.SyncFailed => "still fails to sync",
            Condition.UploadFailed => "upload still failing",
            Condition.Unparseable
            or Condition.MissingExpiry
            or Condition.UnrecognizedState
            or Condition.NeverSynced
            or Condition.NotConfigured
            or Condition.PersonalAppleId
            or Condition.SingleOwner
            or Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => $"still {Headline(condition, token, daysLeft, at)}",
        };

    /// <summary>The headline of a recovery: "syncs again".</summary>
    public static string RecoveredHeadline(Condition condition) =>
        condition switch
        {
            Condition.Expired or Condition.Expiring => "renewed",
            Condition.SyncError or Condition.SyncFailed => "syncs again",
            Condition.SyncStale or Condition.NeverSynced => "synced again",
            Condition.InvalidState => "is valid again",
            Condition.UploadFailed => "uploaded",
            Condition.NotConfigured => "is configured",
            Condition.PersonalAppleId or Condition.SingleOwner => "has a new owner",
            Condition.Unparseable or Condition.MissingExpiry or Condition.UnrecognizedState =>
                $"recovered ({Spaced(condition.Code())})",
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => EnrollmentWording.RecoveredHeadline(condition),
        };

    /// <summary>The sentence of a recovery.</summary>
    public static string RecoveredSentence(Condition condition) =>
        condition switch
        {
            Condition.Expired or Condition.Expiring => "The token no longer expires soon.",
            Condition.SyncError => "The token syncs with Apple again without error.",
            Condition.SyncStale or Condition.NeverSynced => "The token synced with Apple again.",
            Condition.InvalidState => "Intune reports the token as valid again.",
            Condition.SyncFailed => "The token's last sync with Apple succeeded.",
            Condition.UploadFailed => "The certificate upload no longer reports a failure.",
            Condition.NotConfigured => "An Apple MDM push certificate is configured again.",
            Condition.PersonalAppleId => "The token is no longer owned by a personal Apple ID.",
            Condition.SingleOwner => "The tenant's Apple tokens are no longer all owned by one Apple ID.",
            Condition.Unparseable or Condition.MissingExpiry or Condition.UnrecognizedState =>
                $"The condition '{condition.Code()}' has cleared.",
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => EnrollmentWording.RecoveredSentence(condition),
        };

    /// <summary>A state field TokenWatch does not judge; VPP <c>unknown</c> is told as Intune's own value.</summary>
    private static string Unrecognized(HealthReason reason, TokenObservation token) =>
        reason.Detail switch
        {
            null => "Graph did not report the token's state.",
            StateRules.IntuneUnknown =>
                "Intune itself reports the token's state as 'unknown' (a value Intune documents): "
                    + "it cannot tell whether the token works.",
            "lastSyncStatus" => $"Intune reports a sync status TokenWatch does not know: '{token.SyncStatus}'.",
            "certificateUploadStatus" => $"Intune reports an upload status TokenWatch does not know: '{token.State}'.",
            _ => $"Intune reports a token state TokenWatch does not know: '{token.State}'.",
        };

    /// <summary>A warning on the push certificate; on ADE and VPP what the value is, and Apple's advice.</summary>
    private static string PersonalAppleId(TokenObservation token) =>
        token.Kind == TokenKind.Apns
            ? $"Owned by a personal Apple ID ({token.AppleId}): Microsoft advises a company address that more "
                + "than one person monitors, so that renewals do not depend on one person."
            : $"The Apple ID Intune shows ({token.AppleId}) is at a personal mail domain. It is a reminder an "
                + "admin typed at upload, not the token's owner; Apple advises downloading tokens with a "
                + "dedicated Managed Apple Account that has its own role.";

    private static string ExpiryHeadline(int? daysLeft) =>
        daysLeft switch
        {
            null => "expires soon",
            < 0 => "expired",
            0 => "expires within a day",
            var d => $"expires in {Days(d.Value)}",
        };

    private static string? SinceLastSync(TokenObservation? token, DateTimeOffset at) =>
        token?.LastSyncAt is { } last && last <= at ? Age(at - last) : null;

    private static string Stamp(DateTimeOffset? value) => value is { } v ? Date(v) : "unknown";
}
