namespace TokenWatch.Core.Notifications;

/// <summary>
/// The Apple portal that issued a token, with its own menu paths and roles: Apple Business (formerly Apple Business
/// Manager) and Apple School Manager name the same steps differently (Microsoft: "Manage Apple mobile devices and
/// tokens", 2026; Apple Business and Apple School Manager user guides).
/// </summary>
public sealed record AppleManager(
    string Name,
    ActionLink Link,
    string AdeDownloadPath,
    string AdeRoles,
    string ContentTokenPath,
    string ContentTokenRole
)
{
    public static readonly AppleManager Business = new(
        "Apple Business",
        new("Apple Business", "https://business.apple.com"),
        "Devices → Management Services → the service for Intune → Download Token",
        "Administrator or Device Enrollment Manager",
        "Settings → Payments & Billing → Apps & Books → Download",
        "a user whose role has the permission to assign licenses for Apps and Books"
    );

    public static readonly AppleManager School = new(
        "Apple School Manager",
        new("Apple School Manager", "https://school.apple.com"),
        "Preferences → Your MDM Servers → the server for Intune → Download Token",
        "Administrator or Device Enrollment Manager",
        "Preferences → Payments and Billing → Apps and Books → Content Tokens → Download",
        "a Content Manager of the token's location"
    );
}
