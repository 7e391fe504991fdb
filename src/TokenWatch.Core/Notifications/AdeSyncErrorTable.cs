namespace TokenWatch.Core.Notifications;

/// <summary>Microsoft's "Sync token errors between Intune and ADE" table, in its order.</summary>
public static class AdeSyncErrorTable
{
    public const string TermsNotAccepted = "Terms and conditions not accepted";

    public static readonly IReadOnlyList<KnownSyncError> Rows =
    [
        new(
            "Expired or invalid token",
            "The token expired, was revoked or is malformed.",
            "Renew the token (Apple Business → Devices → Management Services, or Apple School Manager → "
                + "Preferences → Your MDM Servers → the server → Download Token; Intune → Enrollment program "
                + "tokens → Renew token). If renewal fails, the MDM server may need a new public key."
        ),
        new(
            "Access denied",
            "Intune was removed from the device management services (MDM servers) in Apple Business or Apple School "
                + "Manager, or the token expired or was replaced.",
            "Check the token's expiry and whether a newer token was created; check that Intune is still a device "
                + "management service (MDM server)."
        ),
        new(
            TermsNotAccepted,
            "Apple published new terms.",
            "A user with the Administrator role signs in to Apple Business or Apple School Manager and accepts them."
        ),
        new("Internal server error", "A problem on the service side.", "Contact Intune support."),
        new(
            "Invalid support phone number, invalid configuration profile name or invalid department entry",
            "A bad field in an enrollment profile.",
            $"Edit the enrollment policy (profile): {Portals.EnrollmentPoliciesPath}."
        ),
        new(
            "Invalid cursor, cursor expired or required cursor",
            "A sync cursor problem.",
            "Contact Intune support: they can retry the sync."
        ),
        new(
            "Apple profile not found",
            "Several causes.",
            $"Create a new enrollment policy (profile) in {Portals.EnrollmentPoliciesPath} and assign it."
        ),
    ];
}
