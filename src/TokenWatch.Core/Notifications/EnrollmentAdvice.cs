using TokenWatch.Core.Conditions;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// What to do about devices that get no profile or fail ADE enrollment, and about Intune's own connector verdict, in
/// Microsoft's words and portal paths: "Set up automated device enrollment (ADE) for iOS/iPadOS" (set a default
/// profile; assign profiles to devices), "Troubleshoot iOS/iPadOS device enrollment problems", the Graph
/// <c>enrollmentState</c> reference (blocked: the app failed to install) and "Tenant status" (connector status).
/// </summary>
internal sealed class EnrollmentAdvice(TokenObservation token, ActionLink intune)
{
    private static readonly ActionLink SetUpAde = new(
        "Microsoft: Set up automated device enrollment (ADE)",
        "https://learn.microsoft.com/en-us/intune/intune-service/enrollment/device-enrollment-program-enroll-ios"
    );

    private static readonly ActionLink Troubleshoot = new(
        "Microsoft: Troubleshoot iOS/iPadOS enrollment",
        "https://learn.microsoft.com/en-us/troubleshoot/mem/intune/device-enrollment/troubleshoot-ios-enrollment-errors"
    );

    private static readonly ActionLink TenantStatus = new(
        "Microsoft: Intune tenant status",
        "https://learn.microsoft.com/en-us/intune/intune-service/fundamentals/tenant-status"
    );

    private string Token =>
        $"Intune admin center → Devices → Enrollment → Apple → Enrollment program tokens → "
        + $"\"{NoticeText.Clean(token.DisplayName, NoticeText.MaxName)}\"";

    private string Manager => Portals.AppleManagerOf(token).Name;

    public RemediationAdvice For(Condition condition) =>
        condition switch
        {
            Condition.NoDefaultProfile => NoDefaultProfile(),
            Condition.DevicesUnassigned => Unassigned(),
            Condition.EnrollmentFailed => Failed(),
            Condition.EnrollmentBlocked => Blocked(),
            Condition.IntuneReportsUnhealthy => IntuneVerdict(),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an enrollment condition."),
        };

    private RemediationAdvice NoDefaultProfile() =>
        new(
            [
                $"{Token} → Profiles (the portal calls them enrollment policies): create a profile for the "
                    + "platform if there is none.",
                $"{Token} → Set Default Profile: choose the profile and Save. Microsoft: it applies to every "
                    + "device that enrolls with the token; a synced device without a profile fails to enroll.",
                "A device that went through Apple's setup without a profile gets it only after it is erased and "
                    + "set up again.",
            ],
            [intune, SetUpAde],
            Impact: "Devices without a profile set up as consumer devices: not supervised, not managed."
        );

    private RemediationAdvice Unassigned() =>
        new(
            [
                $"{Token} → Devices: select the devices by serial number → Assign profile → choose the "
                    + "profile → Assign.",
                $"So that new devices get one too, set a default profile: {Token} → Set Default Profile.",
                $"If the devices should not be managed by this tenant, assign them to another device management "
                    + $"service (MDM server) in {Manager}.",
            ],
            [intune, Portals.AppleManagerOf(token).Link, SetUpAde]
        );

    private RemediationAdvice Failed() =>
        new(
            [
                $"{Token} → Devices: find the serial numbers and check the profile each has.",
                "See why in the Intune admin center → Troubleshooting + support → Troubleshoot → the device's "
                    + "user → Enrollment failures, and match the error in Microsoft's \"Troubleshoot iOS/iPadOS "
                    + "device enrollment problems\".",
                "Fix the cause, then erase the device and let it go through Apple's setup again.",
            ],
            [intune, Troubleshoot]
        );

    private RemediationAdvice Blocked() =>
        new(
            [
                "The devices enrolled without a user and wait for the Company Portal app: check in the Intune "
                    + "admin center → Apps → iOS/iPadOS that the Company Portal is assigned to them as required, "
                    + "through Apps and Books with licences left.",
                "Check the Apps and Books (VPP) token: Tenant administration → Connectors and tokens → Apple VPP "
                    + "tokens; an expired or invalid token cannot install the app.",
            ],
            [intune, Troubleshoot]
        );

    private RemediationAdvice IntuneVerdict() =>
        new(
            [
                "Intune admin center → Tenant administration → Tenant status → Connector status: select the "
                    + "connector, whose page says what Intune found (an expiry or a last sync).",
                "TokenWatch read the same token from Graph and found nothing worse: if Intune's verdict stays, "
                    + "follow the connector page, and tell TokenWatch's maintainers what it shows.",
            ],
            [intune, TenantStatus]
        );
}
