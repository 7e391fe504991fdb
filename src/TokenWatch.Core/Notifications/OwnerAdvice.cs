using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Portals;

namespace TokenWatch.Core.Notifications;

/// <summary>The steps when a token's owner changed or is a risk: what it means differs by kind.</summary>
internal sealed class OwnerAdvice(TokenObservation token, ActionLink intune)
{
    private readonly string _manager = AppleManager(token).Name;
    private readonly ActionLink _apple = AppleManager(token).Link;

    public RemediationAdvice NewOwner() =>
        token.Kind switch
        {
            TokenKind.Apns => new(
                [
                    "Intune shows the Apple ID an admin typed when the certificate was uploaded: if this was a "
                        + "typo fix, nothing else changed (the topic is the same).",
                    "The next renewal must sign in to the Apple Push Certificates Portal with the Apple ID that "
                        + $"created the certificate{TokenAdvice.Owner(token, " — now recorded as {0}")}: record "
                        + "it where your team keeps renewal notes.",
                ],
                [PushCertificates, intune],
                Caution: "A certificate created under another Apple ID is a new certificate: every Apple device "
                    + "would have to re-enroll."
            ),
            TokenKind.Ade => new(
                [
                    "No action needed: changing the Apple ID of an ADE token does not affect enrolled devices "
                        + "(Microsoft: Renew an ADE token).",
                    "Intune shows the Apple ID an admin typed at upload, as a reminder of who can renew the "
                        + "token; at the next renewal, Intune asks for the Apple ID used to create the original "
                        + "token.",
                ],
                [intune]
            ),
            TokenKind.Vpp => new(
                [
                    "No action needed: a VPP token belongs to its location, not to a person.",
                    $"Any Content Manager of the location can download a new token in {_manager} "
                        + $"({ContentTokensPath}).",
                ],
                [intune]
            ),
        };

    public RemediationAdvice PersonalOwner() =>
        new(
            [
                "Microsoft advises Apple IDs that are company addresses monitored by more than one person (a "
                    + "shared mailbox or a distribution list), so that renewals and Apple's expiry emails do not "
                    + "depend on one person.",
                token.Kind switch
                {
                    TokenKind.Ade => "For an ADE token this can change at the next renewal without affecting enrolled "
                        + "devices: renew it from a company account in Apple Business.",
                    TokenKind.Vpp =>
                        "A VPP token belongs to its location: at the next renewal, have a Content Manager with a "
                            + "company Managed Apple ID download it.",
                    TokenKind.Apns =>
                        "The push certificate must always be renewed with the Apple ID that created it: moving "
                            + "it to a company Apple ID means a new certificate and re-enrolling every device. "
                            + "Until then, make sure the team can sign in to this Apple ID.",
                },
            ],
            token.Kind == TokenKind.Apns ? [PushCertificates, intune] : [_apple, intune]
        );

    public RemediationAdvice SingleOwner() =>
        new(
            [
                "Every Apple token of this tenant depends on one Apple ID: if that account is locked or its "
                    + "owner leaves, nothing can be renewed in time.",
                $"In {_manager}, give a second person the Administrator role (ADE) and the Content Manager role "
                    + "for each location (VPP).",
                "Keep the push certificate's Apple ID (it must be used for every renewal) in the team's password "
                    + "vault, with its recovery options reachable by more than one person.",
            ],
            [_apple, intune]
        );
}
