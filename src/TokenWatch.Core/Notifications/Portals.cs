using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// Where admins act, and how the portals name things. Intune links open the tenant the alert is about (an MSP's
/// admin is signed in to many); every step also gives the menu path in words, in case a link lands elsewhere.
/// Apple's newer names come first with the older ones in parentheses, as Microsoft's current documentation does.
/// </summary>
public static class Portals
{
    public const string AppleBusiness = "Apple Business (Apple Business Manager)";
    public const string AppleSchool = "Apple School Manager";
    public const string AdeTokensPath = "Devices → Enrollment → Apple → Enrollment program tokens";
    public const string VppTokensPath = "Tenant administration → Connectors and tokens → Apple VPP tokens";
    public const string ApnsPath = "Devices → Enrollment → Apple → Apple MDM Push certificate";

    /// <summary>Apple Business Manager's path to a location's content token (VPP), for a Content Manager.</summary>
    public const string ContentTokensPath = "Preferences → Payments and Billing → Apps and Books → Content Tokens";

    public static readonly ActionLink BusinessManager = new("Apple Business", "https://business.apple.com");
    public static readonly ActionLink SchoolManager = new("Apple School Manager", "https://school.apple.com");
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

    /// <summary>The Apple portal that issued the token, by name and link.</summary>
    public static (string Name, ActionLink Link) AppleManager(TokenObservation token) =>
        IsSchool(token) ? (AppleSchool, SchoolManager) : (AppleBusiness, BusinessManager);

    public static bool Is(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
