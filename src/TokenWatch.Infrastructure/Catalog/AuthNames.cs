using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// Auth kinds as people write them: the setting's name (<c>FederatedManagedIdentity</c>) or the CLI's slug.
/// </summary>
public static class AuthNames
{
    public static readonly string[] Slugs =
    [
        "none",
        "managed-identity",
        "client-secret",
        "client-certificate",
        "federated-managed-identity",
        "azure-cli",
    ];

    public static bool TryParse(string? text, out GraphAuth auth)
    {
        var compact = (text ?? "").Replace("-", "", StringComparison.Ordinal).Trim();
        return Enum.TryParse(compact, ignoreCase: true, out auth)
            && Enum.IsDefined(auth)
            && !int.TryParse(compact, out _);
    }
}
