using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Portals;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// What an admin must do about an event, from Microsoft's "Sync token errors between Intune and ADE", "Renew an ADE
/// token", "Manage Apple volume-purchased apps" and "Get an Apple MDM push certificate": the part of an alert that
/// turns it from a worry into five minutes of work. Switches over the condition and the event kind have no fallback.
/// </summary>
public static class Remediation
{
    /// <summary>The advice for <paramref name="e"/>, its links opening <paramref name="tenantId"/>.</summary>
    public static RemediationAdvice For(AlertEvent e, string tenantId, NationalCloud cloud = NationalCloud.Global)
    {
        var intune = Intune(tenantId, cloud);
        if (e.Token is not { } token)
        {
            return TenantWide(e, intune, cloud, tenantId);
        }

        var advice = new TokenAdvice(token, intune, e.At);
        return e.Kind switch
        {
            AlertEventKind.Recovered or AlertEventKind.RenewalConfirmed => new(["No action needed."], []),
            AlertEventKind.Renewed => advice.Renewed(),
            AlertEventKind.TokenAdded => new(
                ["No action needed if the token was added on purpose. TokenWatch watches it from now on."],
                [intune]
            ),
            AlertEventKind.TokenRemoved => advice.Removed(),
            AlertEventKind.TopicChanged => advice.NewTopic(),
            AlertEventKind.OwnerChanged => new OwnerAdvice(token, intune).NewOwner(),
            AlertEventKind.RenewalNotConfirmed => advice.RenewalNotConfirmed(),
            AlertEventKind.Entered or AlertEventKind.Milestone or AlertEventKind.Reminder => ForCondition(
                e.Condition ?? Condition.Expiring,
                advice,
                new OwnerAdvice(token, intune),
                new EnrollmentAdvice(token, intune)
            ),
            AlertEventKind.MonitoringFailed or AlertEventKind.MonitoringRestored => MonitoringAdvice.For(
                e.Failure,
                intune,
                EntraOf(cloud),
                tenantId
            ),
        };
    }

    /// <summary>An event about the tenant's reading, not a token: monitoring failed or restored.</summary>
    private static RemediationAdvice TenantWide(AlertEvent e, ActionLink intune, NationalCloud cloud, string tenantId)
    {
        return e.Kind == AlertEventKind.MonitoringRestored
            ? new(
                [
                    "No action needed: TokenWatch reads this tenant again, and anything it finds is reported "
                        + "as usual.",
                ],
                []
            )
            : MonitoringAdvice.For(e.Failure, intune, EntraOf(cloud), tenantId);
    }

    /// <summary>What breaks when a token of this kind fails (the design notes' table).</summary>
    public static string Impact(TokenKind kind, string? manager = null) =>
        kind switch
        {
            TokenKind.Ade => $"New devices no longer sync from {manager ?? AppleManager.Business.Name}, enrollment "
                + "policies (profiles) cannot be assigned, and devices do not finish Automated Device Enrollment.",
            TokenKind.Vpp => "App licences stop syncing: installs and updates of Apps and Books apps fail.",
            TokenKind.Apns => "Intune can no longer reach any Apple device: no policies, apps, lock or wipe until the "
                + "certificate is renewed.",
        };

    private static RemediationAdvice ForCondition(
        Condition condition,
        TokenAdvice advice,
        OwnerAdvice owners,
        EnrollmentAdvice enrollment
    ) =>
        condition switch
        {
            Condition.Expired or Condition.Expiring => advice.Renewal(),
            Condition.SyncError => advice.AdeSyncError(),
            Condition.SyncStale or Condition.NeverSynced or Condition.SyncFailed => advice.SyncAgain(),
            Condition.InvalidState => advice.InvalidVpp(),
            Condition.UploadFailed => advice.ApnsRenewal(),
            Condition.NotConfigured => advice.NoPushCertificate(),
            Condition.PersonalAppleId => owners.PersonalOwner(),
            Condition.SingleOwner => owners.SingleOwner(),
            Condition.Unparseable or Condition.MissingExpiry or Condition.UnrecognizedState => advice.CannotJudge(),
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => enrollment.For(condition),
        };
}
