using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>A link in an email: where the admin goes to act.</summary>
public sealed record ActionLink(string Label, string Url);

/// <summary>What an admin must do about an event, in steps, with the portals to open.</summary>
public sealed record RemediationAdvice(IReadOnlyList<string> Steps, IReadOnlyList<ActionLink> Links);

/// <summary>
/// The fixes from Microsoft's "Sync token errors between Intune and ADE" and the renewal steps for each kind:
/// the part of an alert that turns it from a worry into five minutes of work.
/// </summary>
public static class Remediation
{
    public static readonly ActionLink Intune = new("Intune admin center", "https://intune.microsoft.com");
    public static readonly ActionLink BusinessManager = new("Apple Business Manager", "https://business.apple.com");
    public static readonly ActionLink SchoolManager = new("Apple School Manager", "https://school.apple.com");
    public static readonly ActionLink PushCertificates = new("Apple Push Certificates Portal", "https://identity.apple.com/pushcert");

    public static RemediationAdvice For(AlertEvent e)
    {
        if (e.Kind is AlertEventKind.Recovered or AlertEventKind.Renewed or AlertEventKind.MonitoringRestored or AlertEventKind.TokenAdded)
        {
            return new(["No action needed."], []);
        }

        if (e.Token is not { } token)
        {
            return new([e.Failure?.Fix ?? "Check TokenWatch's access to the tenant."], [Intune]);
        }

        var apple = IsSchool(token) ? SchoolManager : BusinessManager;
        var manager = IsSchool(token) ? "Apple School Manager" : "Apple Business Manager";
        return (token.Kind, e.Condition) switch
        {
            (TokenKind.Apns, _) when e.Kind == AlertEventKind.TopicChanged => new(
            [
                "A new push certificate (a new topic) replaced the old one, so Apple devices enrolled with the old one can no longer be reached: they must re-enroll.",
                "If this was a mistake, renew the previous certificate with its original Apple ID in the Apple Push Certificates Portal and upload it in Intune, before devices are re-enrolled.",
            ], [PushCertificates, Intune]),
            (_, _) when e.Kind == AlertEventKind.OwnerChanged => new(
            [
                "Check the change was intended: renewals must use the Apple ID that owns the token, and a token owned by a person's Apple ID breaks when they leave.",
            ], [Intune, apple]),
            (_, _) when e.Kind == AlertEventKind.TokenRemoved => new(
            [
                "Check the token was removed on purpose in Intune; devices or apps that depended on it are no longer managed through it.",
            ], [Intune]),
            (TokenKind.Ade, ReasonCodes.Expired or ReasonCodes.Expiring) => new(AdeRenewal(manager), [apple, Intune]),
            (TokenKind.Ade, ReasonCodes.SyncError) when token.SyncErrorCode == AdeSyncErrors.TermsNotAccepted => new(
            [
                $"A {manager} user with the Administrator role signs in and accepts the new terms and conditions.",
                "Then in Intune: Devices → Enrollment → Apple → Enrollment program tokens → the token → Sync.",
            ], [apple, Intune]),
            (TokenKind.Ade, ReasonCodes.SyncError) => new(
            [
                "Open Intune: Devices → Enrollment → Apple → Enrollment program tokens → the token, and read the sync error shown there.",
                $"\"Terms and conditions not accepted\": an Administrator accepts them in {manager}.",
                $"\"Expired or invalid token\": renew the token ({manager} → Settings → MDM servers → Download token, then Renew token in Intune).",
                $"\"Access denied\": check that Intune is still an MDM server in {manager} and that no newer token replaced this one.",
                "\"Internal server error\" or a cursor error: contact Intune support. A bad enrollment profile field: edit the profile.",
            ], [Intune, apple]),
            (TokenKind.Ade, ReasonCodes.SyncStale or ReasonCodes.NeverSynced) => new(
            [
                "In Intune: Devices → Enrollment → Apple → Enrollment program tokens → the token → Sync.",
                "If the sync fails, the token shows the error; an expired token or unaccepted terms are the usual causes.",
            ], [Intune, apple]),
            (TokenKind.Vpp, ReasonCodes.Expired or ReasonCodes.Expiring or ReasonCodes.InvalidState) when token.State == "assignedToExternalMDM" => new(
            [
                "Another MDM uses this location token. If Intune should manage these apps, upload the token again in Intune: Tenant administration → Connectors and tokens → Apple VPP tokens → the token → Edit, and take over management.",
            ], [Intune, apple]),
            (TokenKind.Vpp, ReasonCodes.InvalidState) when token.State == "duplicateLocationId" => new(
            [
                "Intune holds another token for the same Apps and Books location: delete the duplicate in Tenant administration → Connectors and tokens → Apple VPP tokens.",
            ], [Intune]),
            (TokenKind.Vpp, ReasonCodes.Expired or ReasonCodes.Expiring or ReasonCodes.InvalidState) => new(VppRenewal(manager), [apple, Intune]),
            (TokenKind.Vpp, ReasonCodes.SyncFailed or ReasonCodes.SyncStale or ReasonCodes.NeverSynced) => new(
            [
                "In Intune: Tenant administration → Connectors and tokens → Apple VPP tokens → the token → Sync.",
                "If it fails again, renew the token: " + string.Join(" ", VppRenewal(manager)),
            ], [Intune, apple]),
            (TokenKind.Apns, _) when e.Condition is ReasonCodes.Expired or ReasonCodes.Expiring or ReasonCodes.UploadFailed => new(ApnsRenewal(token.AppleId), [PushCertificates, Intune]),
            _ => new(
            [
                "Open the token in the Intune admin center and check its state: TokenWatch could not judge it from what Graph reported.",
            ], [Intune]),
        };
    }

    private static bool IsSchool(TokenObservation token) =>
        string.Equals(token.TokenType, "appleSchoolManager", StringComparison.OrdinalIgnoreCase)
        || string.Equals(token.TokenType, "education", StringComparison.OrdinalIgnoreCase);

    private static List<string> AdeRenewal(string manager) =>
    [
        $"In {manager}: Settings → MDM servers → the server → Download token. This invalidates the current token at once, so upload the new one right away.",
        "In Intune: Devices → Enrollment → Apple → Enrollment program tokens → the token → Renew token, and upload the downloaded .p7m file.",
    ];

    private static List<string> VppRenewal(string manager) =>
    [
        $"In {manager}: Settings → Apps and Books → download the server token for the location.",
        "In Intune: Tenant administration → Connectors and tokens → Apple VPP tokens → the token → Edit, and upload it.",
    ];

    private static List<string> ApnsRenewal(string? appleId) =>
    [
        "In Intune: Devices → Enrollment → Apple → Apple MDM Push certificate → download the CSR.",
        $"In the Apple Push Certificates Portal, sign in with {(string.IsNullOrWhiteSpace(appleId) ? "the Apple ID that created the certificate" : appleId)} and choose Renew on the existing certificate — never Create: a new certificate forces every Apple device to re-enroll.",
        "Upload the renewed .pem in Intune with the same Apple ID.",
    ];
}
