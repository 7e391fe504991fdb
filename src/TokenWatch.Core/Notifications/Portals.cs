using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// Where admins act, and how the portals name things. Intune links open the tenant the alert is about (an MSP's
/// admin is signed in to many); every step also gives the menu path in words, in case a link lands elsewhere.
/// Apple's portal is chosen by the token: ADE <c>tokenType</c> <c>appleSchoolManager</c> and VPP
/// <c>vppTokenAccountType</c> <c>education</c> are Apple School Manager's, any other is Apple Business's.
/// </summary>
public static class Portals
{
    public const string AdeTokensPath = "Devices → Enrollment → Apple → Enrollment program tokens";
    public const string VppTokensPath = "Tenant administration → Connectors and tokens → Apple VPP tokens";
    public const string ApnsPath = "Devices → Enrollment → Apple → Apple MDM Push certificate";

    /// <summary>Where the portal now lists a token's enrollment profiles (Microsoft: "Set up ADE", 2026).</summary>
    public const string EnrollmentPoliciesPath = AdeTokensPath + " → the token → Enrollment policies";

    public static readonly ActionLink BusinessManager = AppleManager.Business.Link;
    public static readonly ActionLink SchoolManager = AppleManager.School.Link;
    public static readonly ActionLink PushCertificates = new(
        "Apple Push Certificates Portal",
        "https://identity.apple.com/pushcert"
    );
    public static readonly ActionLink Entra = new("Microsoft Entra admin center", "https://entra.microsoft.com");

    /// <summary>The Intune admin center, opened in <paramref name="tenantId"/>'s directory.</summary>
    public static ActionLink Intune(string tenantId) =>
        new("Intune admin center", $"https://intune.microsoft.com/{Uri.EscapeDataString(tenantId.Trim())}");

    public static bool IsSchool(TokenObservation token) =>
        Is(token.TokenType, "appleSchoolManager") || Is(token.TokenType, "education");

    /// <summary>The Apple portal that issued the token, with its paths and roles.</summary>
    public static AppleManager AppleManagerOf(TokenObservation token) =>
        IsSchool(token) ? AppleManager.School : AppleManager.Business;

    public static bool Is(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
