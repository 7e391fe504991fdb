namespace TokenWatch.Core.Tokens;

/// <summary>The three Apple connectors Intune depends on.</summary>
public enum TokenKind
{
    /// <summary>Automated Device Enrollment (DEP) token, Graph beta <c>depOnboardingSettings</c>.</summary>
    Ade,

    /// <summary>Apps and Books (VPP) location token, Graph <c>vppTokens</c>.</summary>
    Vpp,

    /// <summary>Apple MDM push certificate, Graph <c>applePushNotificationCertificate</c>.</summary>
    Apns,
}

public static class TokenKindNames
{
    /// <summary>The lower-case name used in JSON, table keys and the CLI (<c>ade</c>, <c>vpp</c>, <c>apns</c>).</summary>
    public static string ToSlug(this TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => "ade",
            TokenKind.Vpp => "vpp",
            TokenKind.Apns => "apns",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>How an admin calls it in the Intune portal.</summary>
    public static string ToDisplayName(this TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => "ADE token",
            TokenKind.Vpp => "VPP token",
            TokenKind.Apns => "APNs certificate",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    public static bool TryParseSlug(string? value, out TokenKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "ade":
                kind = TokenKind.Ade;
                return true;
            case "vpp":
                kind = TokenKind.Vpp;
                return true;
            case "apns":
                kind = TokenKind.Apns;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
