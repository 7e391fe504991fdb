using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Notifications.Portals;

namespace TokenWatch.Core.Notifications;

/// <summary>The steps when a token's owner changed or is a risk: what it means differs by kind.</summary>
internal sealed class OwnerAdvice(TokenObservation token, ActionLink intune)
{
    private readonly AppleManager _portal = AppleManagerOf(token);

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
                Caution: "Never create a certificate under another Apple ID: that is a new certificate, and every "
                    + "Apple device would have to re-enroll. To move this certificate to another Apple ID, Apple "
                    + "Support can help (Microsoft: Get an Apple MDM push certificate), and Apple migrates it to a "
                    + "Managed Apple Account on request."
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
                    $"In {_portal.Name}, {_portal.ContentTokenRole} can download a new token "
                        + $"({_portal.ContentTokenPath}).",
                ],
                [intune]
            ),
        };

    /// <summary>
    /// A warning for the push certificate only, which must be renewed with its Apple ID. On ADE and VPP tokens the
    /// Apple ID is a reminder an admin typed at upload and Apple Business tokens are downloaded by Managed Apple
    /// Accounts: there it is a fact with Apple's advice, not a renewal risk.
    /// </summary>
    public RemediationAdvice PersonalOwner() =>
        token.Kind == TokenKind.Apns
            ? new(
                [
                    "Microsoft advises a company Apple ID that more than one person monitors (a shared mailbox or a "
                        + "distribution list) for the push certificate, so that renewals and Apple's expiry emails "
                        + "do not depend on one person.",
                    "The certificate must be renewed with the Apple ID that created it. To move it to a company "
                        + "Apple ID or a Managed Apple Account, ask Apple Support (never Create a new certificate: "
                        + "every device would have to re-enroll). Until then, make sure the team can sign in to "
                        + "this Apple ID.",
                ],
                [PushCertificates, intune]
            )
            : new(
                [
                    $"The Apple ID Intune shows ({TokenAdvice.Owner(token, "{0}")}) is a reminder an admin typed "
                        + "when the token was uploaded: it does not own the token and does not affect its renewal.",
                    $"Apple's advice: download tokens in {_portal.Name} with a dedicated Managed Apple Account "
                        + "that has its own role, and type that account in Intune at the next renewal.",
                ],
                [_portal.Link, intune]
            );

    /// <summary>
    /// Told on the push certificate only: its Apple ID is the renewal risk. The same address on ADE and VPP tokens is
    /// a reminder typed at upload, so for them the advice is Apple's (a second account with the role), not a risk.
    /// </summary>
    public RemediationAdvice SingleOwner() =>
        new(
            [
                "Keep the push certificate's Apple ID (it must be used for every renewal) in the team's password "
                    + "vault, with its recovery options reachable by more than one person; Apple Support can move "
                    + "the certificate to a company Apple ID or a Managed Apple Account.",
                "On the ADE and VPP tokens the same address is only a reminder an admin typed at upload: it does "
                    + "not own them and does not affect their renewal.",
                $"Apple's advice for those tokens: in {_portal.Name}, make sure a second Managed Apple Account "
                    + $"can download each one: {_portal.AdeRoles} for ADE, and for VPP {_portal.ContentTokenRole}.",
            ],
            [PushCertificates, intune]
        );
}
