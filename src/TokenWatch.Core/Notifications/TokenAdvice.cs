using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Portals;

namespace TokenWatch.Core.Notifications;

/// <summary>The steps for one token, by what happened to it; each kind's steps as Microsoft documents them.</summary>
internal sealed class TokenAdvice(TokenObservation token, ActionLink intune, DateTimeOffset at)
{
    /// <summary>Microsoft's grace period after an APNs certificate expires, in which the same one can still be
    /// renewed.</summary>
    public static readonly TimeSpan ApnsGrace = TimeSpan.FromDays(30);

    private readonly AppleManager _portal = AppleManagerOf(token);
    private string Manager => _portal.Name;
    private ActionLink AppleLink => _portal.Link;
    private string Impact => Remediation.Impact(token.Kind, Manager);

    public RemediationAdvice Renewal() =>
        token.Kind switch
        {
            TokenKind.Ade => new(
                AdeRenewal(),
                [AppleLink, intune],
                Caution: $"Downloading a new token in {Manager} invalidates the current token at once: have "
                    + "Intune open and upload the new token right away.",
                Impact: Impact
            ),
            TokenKind.Vpp when Is(token.State, "assignedToExternalMDM") => ExternalMdm(),
            TokenKind.Vpp => new(VppRenewal(), [AppleLink, intune], Impact: Impact),
            TokenKind.Apns => ApnsRenewal(),
        };

    public RemediationAdvice Renewed() =>
        new(
            [
                token.ExpiresAt is { } until
                    ? $"No action needed. Put the next renewal in the team calendar: before {Words.Day(until)}."
                    : "No action needed.",
                .. token.Kind == TokenKind.Apns
                    ? Array.Empty<string>()
                    : ["TokenWatch tells you when the renewed token has synced with Apple, or if it does not."],
            ],
            []
        );

    public RemediationAdvice Removed() =>
        new(
            [
                "Check that the token was removed on purpose in Intune.",
                token.Kind switch
                {
                    TokenKind.Ade =>
                        $"Devices assigned to its device management service (MDM server) in {Manager} no longer "
                            + "enroll through Intune.",
                    TokenKind.Vpp => "Apps and books licensed through its location are no longer managed through it.",
                    TokenKind.Apns => "Without a push certificate Intune cannot reach any Apple device.",
                },
            ],
            [intune],
            Impact: Impact
        );

    public RemediationAdvice NewTopic() =>
        new(
            [
                "Find out who uploaded the new certificate and why: Intune → Tenant administration → Audit logs.",
                "If this was a mistake, renew the previous certificate in the Apple Push Certificates Portal "
                    + "with its original Apple ID and upload it in Intune, before devices are re-enrolled.",
                "If it was intended, plan the re-enrollment of every Apple device.",
            ],
            [PushCertificates, intune],
            Caution: "Renew push certificates, never Create them: a new certificate always means re-enrolling "
                + "every device.",
            Impact: "Apple devices enrolled with the old certificate can no longer be reached by Intune until "
                + "they re-enroll."
        );

    /// <summary>
    /// The Apple ID Intune shows is typed by an admin at upload as a reminder: a change may be a typo fix. It matters
    /// only for the push certificate, which must be renewed with the Apple ID that created it.
    /// </summary>
    public RemediationAdvice RenewalNotConfirmed() =>
        token.Kind switch
        {
            TokenKind.Vpp => new(
                [
                    "Intune shows the new expiry date, but the token has not synced with Apple since.",
                    "Check that the uploaded token is the content token of this location (downloaded in "
                        + $"{Manager}: {_portal.ContentTokenPath}), not another location's.",
                    $"Then in Intune: {VppTokensPath} → the token → Sync, and look at its sync status.",
                ],
                [intune, AppleLink],
                Impact: Impact
            ),
            TokenKind.Ade or TokenKind.Apns => new(
                [
                    "Intune shows the new expiry date, but the token has not synced with Apple since.",
                    "Check that the uploaded token was downloaded from the device management service (MDM "
                        + $"server) in {Manager} that belongs to this Intune tenant, not another one.",
                    $"Then in Intune: {AdeTokensPath} → the token → Devices → Sync; if the sync fails, the token "
                        + "shows the error.",
                ],
                [intune, AppleLink],
                Impact: Impact,
                KnownErrors: AdeSyncErrorTable.Rows
            ),
        };

    public RemediationAdvice AdeSyncError()
    {
        var hinted = SyncErrorWording.HintsTermsNotAccepted(token.SyncErrorCode)
            ? AdeSyncErrorTable.TermsNotAccepted
            : null;
        var table = AdeSyncErrorTable.Rows.OrderBy(row => row.PortalMessage == hinted ? 0 : 1).ToList();
        IReadOnlyList<string> steps = hinted is not null
            ?
            [
                $"In Intune: {AdeTokensPath} → the token, and read the sync error shown there.",
                $"Code 3 often means new terms and conditions: if {Manager} shows them, a user with the "
                    + "Administrator role signs in and accepts them.",
                $"Then in Intune: {AdeTokensPath} → the token → Devices → Sync. The error clears with the next "
                    + "successful sync.",
                "If Intune shows another message on the token, follow the table below.",
            ]
            :
            [
                $"In Intune: {AdeTokensPath} → the token, and read the sync error shown there.",
                "Find that message in the table below and do what it says.",
                "Then choose Devices → Sync on the token. The error clears with the next successful sync.",
            ];
        return new(steps, [AppleLink, intune], Impact: Impact, KnownErrors: table);
    }

    public RemediationAdvice SyncAgain() =>
        token.Kind switch
        {
            TokenKind.Ade => new(
                [
                    $"In Intune: {AdeTokensPath} → the token → Devices → Sync.",
                    "If the sync fails, the token shows the error: an expired token or terms not accepted are "
                        + "the usual causes (see the table below).",
                ],
                [intune, AppleLink],
                Impact: Impact,
                KnownErrors: AdeSyncErrorTable.Rows
            ),
            TokenKind.Vpp => new(
                [
                    $"In Intune: {VppTokensPath} → the token → Sync.",
                    $"If it fails again, renew the token: {_portal.ContentTokenRole} downloads a new token in "
                        + $"{Manager} ({_portal.ContentTokenPath}) and uploads it in Intune ({VppTokensPath} → the "
                        + "token → Edit).",
                ],
                [intune, AppleLink],
                Impact: Impact
            ),
            TokenKind.Apns => CannotJudge(),
        };

    public RemediationAdvice InvalidVpp() =>
        token.State switch
        {
            var s when Is(s, "assignedToExternalMDM") => ExternalMdm(),
            var s when Is(s, "duplicateLocationId") => DuplicateLocation(),
            _ => new(
                [
                    "A VPP token turns invalid when it was not renewed after the Apple ID that created it "
                        + "changed its password or left: renew it.",
                    .. VppRenewal(),
                ],
                [AppleLink, intune],
                Impact: Impact
            ),
        };

    public RemediationAdvice ApnsRenewal()
    {
        var grace =
            token.ExpiresAt is { } expired && expired <= at
                ? $"The certificate expired on {Words.Date(expired)}. Microsoft documents a 30-day grace period: "
                    + $"until {Words.Date(expired + ApnsGrace)} the same certificate can still be renewed and "
                    + "devices stay enrolled; after that only a new certificate works, and every Apple device must "
                    + "re-enroll."
                : null;
        return new(
            [.. grace is null ? Array.Empty<string>() : [grace], .. ApnsSteps()],
            [PushCertificates, intune],
            Caution: "Choose Renew on the existing certificate, never Create, and sign in with the same Apple ID "
                + $"({Owner(token, "{0}", "the Apple ID that created it")}): a new certificate forces every Apple "
                + "device to re-enroll. To move the certificate to another Apple ID or a Managed Apple Account, "
                + "ask Apple Support first.",
            Impact: Impact
        );
    }

    public RemediationAdvice NoPushCertificate() =>
        new(
            [
                $"In Intune: {ApnsPath}: download the CSR, create the certificate in the Apple Push Certificates "
                    + "Portal with a company Apple ID that more than one person monitors, and upload the .pem.",
                "If the tenant had a certificate before, renew that one (with its Apple ID) instead: a new "
                    + "certificate means re-enrolling every device that was enrolled with the old one.",
            ],
            [PushCertificates, intune],
            Impact: Remediation.Impact(TokenKind.Apns)
        );

    public RemediationAdvice CannotJudge() =>
        new(
            [
                "Open the token in the Intune admin center and check its state and expiry yourself: TokenWatch "
                    + "could not judge it from what Graph reported (shown above).",
                "TokenWatch keeps reading it every poll and reports it again when it can judge it.",
            ],
            [intune],
            Impact: Impact
        );

    private RemediationAdvice ExternalMdm() =>
        new(
            [
                "Another MDM uses this location token. If Intune should manage these apps, upload the token "
                    + $"again in Intune ({VppTokensPath} → the token → Edit) and take over management.",
            ],
            [intune, AppleLink],
            Impact: Impact
        );

    /// <summary>
    /// Deleting a VPP token in Intune also deletes its apps and assignments and revokes their licences (Microsoft:
    /// "Manage Apple volume-purchased apps"): the warning comes before the step, which names the token to keep.
    /// </summary>
    private RemediationAdvice DuplicateLocation() =>
        new(
            [
                "Intune holds two tokens for the same Apps and Books location. Before deleting either, open both in "
                    + $"Intune ({VppTokensPath}) and compare their apps and assignments.",
                "Keep the token that has the apps and assignments (usually the older one). Only if the other one, "
                    + "usually the newer, has no apps and no assignments, delete it.",
                "If both have apps or assignments, do not delete either: move the assignments first, or ask "
                    + "Intune support.",
            ],
            [intune],
            Caution: "Deleting a VPP token in Intune also deletes its apps and their assignments and revokes their "
                + "licences: never delete the token that has them.",
            Impact: Impact
        );

    private List<string> AdeRenewal() =>
        [
            $"In Intune: {AdeTokensPath} → the token → Renew token, and keep that page open.",
            $"In {Manager}, as {_portal.AdeRoles}: {_portal.AdeDownloadPath}.",
            "Back in Intune, enter the Apple ID used to create the original token"
                + $"{Owner(token, " (Intune shows {0})")}, upload the downloaded token file right away and save. "
                + "The expiry date moves a year ahead.",
        ];

    private List<string> VppRenewal() =>
        [
            $"In {Manager}, as {_portal.ContentTokenRole}: {_portal.ContentTokenPath} the token for its " + "location.",
            $"In Intune: {VppTokensPath} → the token → Edit, upload the new token and save, then Sync.",
            "Intune can take a while to show the new expiry date; TokenWatch reports the renewal once Graph shows it.",
        ];

    private List<string> ApnsSteps() =>
        [
            $"In Intune: {ApnsPath} → download your CSR.",
            "In the Apple Push Certificates Portal, sign in with "
                + $"{Owner(token, "{0}", "the Apple ID that created the certificate")}{SubjectUid()}, "
                + "choose Renew on it, upload the CSR and download the new .pem.",
            "Back in Intune, enter the same Apple ID, upload the .pem and save. The expiry date moves a year ahead.",
        ];

    /// <summary>", find the certificate whose Subject UID is …": the topic's GUID names the certificate in Apple's
    /// portal.</summary>
    private string SubjectUid()
    {
        var topic = token.TopicId?.Trim();
        var guid = topic is null ? null : topic[(topic.LastIndexOf('.') + 1)..];
        return string.IsNullOrEmpty(guid) || guid == topic
            ? ""
            : $", find the certificate whose Subject UID is {Words.Clean(guid, 80)} (the topic Intune shows)";
    }

    /// <summary>The owner's Apple ID put into <paramref name="format"/>, or <paramref name="none"/> when Graph gave
    /// none.</summary>
    internal static string Owner(TokenObservation token, string format, string none = "") =>
        string.IsNullOrWhiteSpace(token.AppleId)
            ? none
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Words.Clean(token.AppleId, 120));
}
