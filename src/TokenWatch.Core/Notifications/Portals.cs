using TokenWatch.Core.Tenants;
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

    /// <summary>
    /// The Intune admin center of <paramref name="cloud"/>, opened in <paramref name="tenantId"/>'s directory. Hosts
    /// from Learn: "US government endpoints for Microsoft Intune" (<c>intune.microsoft.us</c>, GCC High and DoD) and
    /// "China endpoints for Microsoft Intune" (<c>intune.microsoftonline.cn</c>).
    /// </summary>
    public static ActionLink Intune(string tenantId, NationalCloud cloud = NationalCloud.Global) =>
        new("Intune admin center", $"{IntuneHost(cloud)}/{Uri.EscapeDataString(tenantId.Trim())}");

    /// <summary>
    /// Where an app's permissions and credentials are managed in <paramref name="cloud"/>: the Entra admin center in
    /// the global cloud; in a national cloud, its own Azure portal, where Learn ("National clouds", app
    /// registration endpoints) says its apps are registered.
    /// </summary>
    public static ActionLink EntraOf(NationalCloud cloud) =>
        cloud switch
        {
            NationalCloud.Global => Entra,
            NationalCloud.USGov or NationalCloud.USGovDoD => new(
                "Azure portal for US Government",
                "https://portal.azure.us"
            ),
            NationalCloud.China => new("Azure portal operated by 21Vianet", "https://portal.azure.cn"),
            _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "No portal for this cloud."),
        };

    private static string IntuneHost(NationalCloud cloud) =>
        cloud switch
        {
            NationalCloud.Global => "https://intune.microsoft.com",
            NationalCloud.USGov or NationalCloud.USGovDoD => "https://intune.microsoft.us",
            NationalCloud.China => "https://intune.microsoftonline.cn",
            _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "No Intune admin center for this cloud."),
        };

    public static bool IsSchool(TokenObservation token) =>
        Is(token.TokenType, "appleSchoolManager") || Is(token.TokenType, "education");

    /// <summary>The Apple portal that issued the token, with its paths and roles.</summary>
    public static AppleManager AppleManagerOf(TokenObservation token) =>
        IsSchool(token) ? AppleManager.School : AppleManager.Business;

    public static bool Is(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
