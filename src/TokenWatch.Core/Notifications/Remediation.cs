using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>A link in an email: where the admin goes to act.</summary>
public sealed record ActionLink(string Label, string Url);

/// <summary>One row of Microsoft's ADE sync error table: the message Intune shows, its cause, and the fix.</summary>
public sealed record KnownSyncError(string PortalMessage, string Cause, string Fix);

/// <summary>
/// What an admin must do about an event: the steps in order, the portals to open, and where it applies a
/// <see cref="Caution"/> (the one mistake that makes things worse), what breaks if nothing is done
/// (<see cref="Impact"/>) and, for ADE sync errors, the table of known errors to match against the portal.
/// </summary>
public sealed record RemediationAdvice(
    IReadOnlyList<string> Steps,
    IReadOnlyList<ActionLink> Links,
    string? Caution = null,
    string? Impact = null,
    IReadOnlyList<KnownSyncError>? KnownErrors = null);

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
    public static readonly ActionLink Entra = new("Microsoft Entra admin center", "https://entra.microsoft.com");

    private const string AdeTokensPath = "Devices → Enrollment → Apple → Enrollment program tokens";
    private const string VppTokensPath = "Tenant administration → Connectors and tokens → Apple VPP tokens";
    private const string ApnsPath = "Devices → Enrollment → Apple → Apple MDM Push certificate";

    /// <summary>Microsoft's table, in its order; <see cref="For"/> puts the row the error code hints at first.</summary>
    public static readonly IReadOnlyList<KnownSyncError> AdeSyncErrorTable =
    [
        new("Expired or invalid token", "The token expired, was revoked or is malformed.",
            "Renew the token (Apple Business/School Manager → MDM server → Download token; Intune → Enrollment program tokens → Renew token). If renewal fails, the MDM server may need a new public key."),
        new("Access denied", "Intune was removed from the MDM servers in Apple Business/School Manager, or the token expired or was replaced.",
            "Check the token's expiry and whether a newer token was created; check that Intune is still an MDM server."),
        new("Terms and conditions not accepted", "Apple published new terms.",
            "A user with the Administrator role signs in to Apple Business/School Manager and accepts them."),
        new("Internal server error", "A problem on the service side.", "Contact Intune support."),
        new("Invalid support phone number, invalid configuration profile name or invalid department entry", "A bad field in an enrollment profile.",
            "Edit the enrollment profile."),
        new("Invalid cursor, cursor expired or required cursor", "A sync cursor problem.", "Contact Intune support: they can retry the sync."),
        new("Apple profile not found", "Several causes.", "Create a new enrollment profile and assign it."),
    ];

    public static RemediationAdvice For(AlertEvent e)
    {
        if (e.Token is not { } token)
        {
            return e.Kind == AlertEventKind.MonitoringRestored
                ? new(["No action needed: TokenWatch reads this tenant again, and anything it finds is reported as usual."], [])
                : Monitoring(e.Failure);
        }

        var school = IsSchool(token);
        var apple = school ? SchoolManager : BusinessManager;
        var manager = apple.Label;
        switch (e.Kind)
        {
            case AlertEventKind.Recovered:
                return new(["No action needed."], []);
            case AlertEventKind.Renewed:
                return new([
                    token.ExpiresAt is { } until
                        ? $"No action needed. Put the next renewal in the team calendar: before {until.UtcDateTime:yyyy-MM-dd}."
                        : "No action needed.",
                ], []);
            case AlertEventKind.TokenAdded:
                return new(["No action needed if the token was added on purpose. TokenWatch watches it from now on."], [Intune]);
            case AlertEventKind.TokenRemoved:
                return new([
                    "Check that the token was removed on purpose in Intune.",
                    token.Kind switch
                    {
                        TokenKind.Ade => $"Devices assigned to its MDM server in {manager} no longer enroll through Intune.",
                        TokenKind.Vpp => "Apps and books licensed through its location are no longer managed through it.",
                        TokenKind.Apns => "Without a push certificate Intune cannot reach any Apple device.",
                    },
                ], [Intune], Impact: Impact(token.Kind, manager));
            case AlertEventKind.TopicChanged:
                return new(
                [
                    "Find out who uploaded the new certificate and why: Intune → Tenant administration → Audit logs.",
                    "If this was a mistake, renew the previous certificate in the Apple Push Certificates Portal with its original Apple ID and upload it in Intune, before devices are re-enrolled.",
                    "If it was intended, plan the re-enrollment of every Apple device.",
                ], [PushCertificates, Intune],
                Caution: "Renew push certificates, never Create them: a new certificate always means re-enrolling every device.",
                Impact: "Apple devices enrolled with the old certificate can no longer be reached by Intune until they re-enroll.");
            case AlertEventKind.OwnerChanged:
                return new(
                [
                    "Check that the change was intended: renewals must use the Apple ID that owns the token, and a token owned by a person's Apple ID breaks when that person leaves.",
                    "Record the new Apple ID where your team keeps renewal notes; the next renewal must be done with it.",
                ], token.Kind == TokenKind.Apns ? [PushCertificates, Intune] : [apple, Intune]);
        }

        // Entered, Milestone and Reminder: the condition decides the fix. A milestone is always about expiry.
        var impact = Impact(token.Kind, manager);
        return (e.Condition ?? Condition.Expiring) switch
        {
            Condition.Expired or Condition.Expiring => Renewal(token, apple, manager, impact),
            Condition.SyncError => AdeSyncError(token, apple, manager, impact),
            Condition.SyncStale or Condition.NeverSynced or Condition.SyncFailed => SyncAgain(token, apple, manager, impact),
            Condition.InvalidState => InvalidVpp(token, apple, manager, impact),
            Condition.UploadFailed => ApnsRenewal(token, impact),
            Condition.Unparseable or Condition.MissingExpiry or Condition.UnrecognizedState
                or Condition.NotConfigured => CannotJudge(impact),
        };
    }

    /// <summary>What breaks when a token of this kind fails (the design notes' table).</summary>
    public static string Impact(TokenKind kind, string manager = "Apple Business Manager") => kind switch
    {
        TokenKind.Ade => $"New devices no longer sync from {manager}, enrollment profiles cannot be assigned, and devices do not finish Automated Device Enrollment.",
        TokenKind.Vpp => "App licences stop syncing: installs and updates of Apps and Books apps fail.",
        TokenKind.Apns => "Intune can no longer reach any Apple device: no policies, apps, lock or wipe until the certificate is renewed.",
    };

    private static RemediationAdvice Renewal(TokenObservation token, ActionLink apple, string manager, string impact) =>
        token.Kind switch
        {
            TokenKind.Ade => new(AdeRenewal(manager, token.AppleId), [apple, Intune],
                Caution: $"Downloading a new token in {manager} invalidates the current token at once: have Intune open and upload the new token right away.",
                Impact: impact),
            TokenKind.Vpp when Is(token.State, "assignedToExternalMDM") => ExternalMdm(apple, impact),
            TokenKind.Vpp => new(VppRenewal(manager, token.AppleId), [apple, Intune], Impact: impact),
            TokenKind.Apns => ApnsRenewal(token, impact),
        };

    private static RemediationAdvice SyncAgain(TokenObservation token, ActionLink apple, string manager, string impact) =>
        token.Kind switch
        {
            TokenKind.Ade => new(
            [
                $"In Intune: {AdeTokensPath} → the token → Sync.",
                "If the sync fails, the token shows the error: an expired token or terms not accepted are the usual causes (see the table below).",
            ], [Intune, apple], Impact: impact, KnownErrors: AdeSyncErrorTable),
            TokenKind.Vpp => new(
            [
                $"In Intune: {VppTokensPath} → the token → Sync.",
                $"If it fails again, renew the token: download a new server token in {manager} (Settings → Apps and Books) and upload it in Intune ({VppTokensPath} → the token → Edit).",
            ], [Intune, apple], Impact: impact),
            TokenKind.Apns => CannotJudge(impact),
        };

    private static RemediationAdvice InvalidVpp(TokenObservation token, ActionLink apple, string manager, string impact) =>
        token.State switch
        {
            var s when Is(s, "assignedToExternalMDM") => ExternalMdm(apple, impact),
            var s when Is(s, "duplicateLocationId") => new(
            [
                $"Intune holds another token for the same Apps and Books location: delete the duplicate in {VppTokensPath}.",
            ], [Intune], Impact: impact),
            _ => new(
                ["A VPP token turns invalid when it was not renewed after the Apple ID that owns it changed its password or left: renew it.",
                 .. VppRenewal(manager, token.AppleId)], [apple, Intune], Impact: impact),
        };

    private static RemediationAdvice ExternalMdm(ActionLink apple, string impact) => new(
    [
        $"Another MDM uses this location token. If Intune should manage these apps, upload the token again in Intune ({VppTokensPath} → the token → Edit) and take over management.",
    ], [Intune, apple], Impact: impact);

    private static RemediationAdvice ApnsRenewal(TokenObservation token, string impact) => new(
        ApnsRenewal(token.AppleId), [PushCertificates, Intune],
        Caution: $"Choose Renew on the existing certificate, never Create, and sign in with the same Apple ID ({OwnerOf(token)}): a new certificate or another Apple ID forces every Apple device to re-enroll.",
        Impact: impact);

    private static RemediationAdvice CannotJudge(string impact) => new(
    [
        "Open the token in the Intune admin center and check its state and expiry yourself: TokenWatch could not judge it from what Graph reported (shown above).",
        "TokenWatch keeps reading it every poll and reports it again when it can judge it.",
    ], [Intune], Impact: impact);

    private static RemediationAdvice AdeSyncError(TokenObservation token, ActionLink apple, string manager, string impact)
    {
        var hinted = token.SyncErrorCode == ConditionWording.TermsNotAcceptedCode ? "Terms and conditions not accepted" : null;
        var table = AdeSyncErrorTable.OrderBy(row => row.PortalMessage == hinted ? 0 : 1).ToList();
        IReadOnlyList<string> steps = hinted is not null
            ?
            [
                $"An {manager} user with the Administrator role signs in and accepts the new terms and conditions.",
                $"Then in Intune: {AdeTokensPath} → the token → Sync. The error clears with the next successful sync.",
                "Code 3 only usually means the terms: if Intune shows another message on the token, follow the table below.",
            ]
            :
            [
                $"In Intune: {AdeTokensPath} → the token, and read the sync error shown there.",
                "Find that message in the table below and do what it says.",
                "Then choose Sync on the token. The error clears with the next successful sync.",
            ];
        return new(steps, [apple, Intune], Impact: impact, KnownErrors: table);
    }

    private static RemediationAdvice Monitoring(PollFailure? failure)
    {
        var steps = new List<string>();
        if (!string.IsNullOrWhiteSpace(failure?.Fix))
        {
            steps.Add(failure.Fix);
        }

        var links = new List<ActionLink>();
        switch (failure?.Code)
        {
            case FailureCodes.PermissionMissing:
                steps.Add("In the Microsoft Entra admin center: App registrations (or Enterprise applications, for a managed identity) → TokenWatch's app → API permissions → add the Microsoft Graph application permission, then Grant admin consent.");
                steps.Add("TokenWatch needs DeviceManagementServiceConfig.Read.All (ADE and VPP tokens) and DeviceManagementManagedDevices.Read.All (the APNs certificate), nothing else.");
                links.Add(Entra);
                break;
            case FailureCodes.AuthFailed:
                steps.Add("Check the credential TokenWatch uses for this tenant: an expired client secret or certificate, a deleted app registration, or admin consent not granted (or revoked) in this tenant.");
                steps.Add("Replace an expired secret or certificate in the Key Vault that TokenWatch reads; the next poll uses it.");
                links.Add(Entra);
                break;
            case FailureCodes.NotLicensed:
                steps.Add("The tenant needs an active Intune licence for Graph to report Apple tokens: check its subscriptions.");
                break;
            case FailureCodes.Throttled or FailureCodes.Unavailable or FailureCodes.Timeout:
                steps.Add("Usually temporary: TokenWatch tries again at every poll. If it lasts for hours, check Service health for Intune and Microsoft Graph.");
                break;
            case FailureCodes.Malformed:
                steps.Add("Graph answered with data TokenWatch could not read. If it persists, report it with the request id below.");
                break;
        }

        if (steps.Count == 0)
        {
            steps.Add("Check TokenWatch's access to the tenant: its credential and the Graph permissions granted to it.");
        }

        steps.Add("Until this is fixed TokenWatch cannot warn about these tokens: check them in the Intune admin center meanwhile.");
        if (failure?.RequestId is not null || failure?.ClientRequestId is not null)
        {
            steps.Add("If you open a case with Microsoft support, give them the request ids below.");
        }

        links.Add(Intune);
        return new(steps, links);
    }

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsSchool(TokenObservation token) =>
        Is(token.TokenType, "appleSchoolManager") || Is(token.TokenType, "education");

    private static string OwnerOf(TokenObservation token) =>
        string.IsNullOrWhiteSpace(token.AppleId) ? "the Apple ID that created it" : Words.Clean(token.AppleId, 120);

    private static List<string> AdeRenewal(string manager, string? appleId) =>
    [
        $"In Intune: {AdeTokensPath} → the token → Renew token, and keep that page open.",
        $"In {manager}{(string.IsNullOrWhiteSpace(appleId) ? "" : $" (as {Words.Clean(appleId, 120)} or another administrator)")}: Settings → MDM servers → the server → Download token.",
        "Back in Intune, upload the downloaded token file right away and save. The expiry date moves a year ahead.",
    ];

    private static List<string> VppRenewal(string manager, string? appleId) =>
    [
        $"In {manager}{(string.IsNullOrWhiteSpace(appleId) ? "" : $" (as {Words.Clean(appleId, 120)} or another administrator)")}: Settings → Apps and Books → download the server token for the location.",
        $"In Intune: {VppTokensPath} → the token → Edit, upload the new token and save.",
        "Intune can take a while to show the new expiry date; TokenWatch reports the renewal once Graph shows it.",
    ];

    private static List<string> ApnsRenewal(string? appleId) =>
    [
        $"In Intune: {ApnsPath} → download your CSR.",
        $"In the Apple Push Certificates Portal, sign in with {(string.IsNullOrWhiteSpace(appleId) ? "the Apple ID that created the certificate" : Words.Clean(appleId, 120))}, choose Renew on the existing certificate, upload the CSR and download the new .pem.",
        "Back in Intune, enter the same Apple ID, upload the .pem and save. The expiry date moves a year ahead.",
    ];
}
