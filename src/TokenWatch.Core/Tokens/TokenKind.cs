namespace TokenWatch.Core.Tokens;

/// <summary>
/// The Apple connectors Intune depends on. Each one is described once in <see cref="TokenKinds"/> and read by one
/// registered Graph reader; a new value does not compile until both exist.
/// </summary>
public enum TokenKind
{
    /// <summary>Automated Device Enrollment (DEP) token, Graph beta <c>depOnboardingSettings</c>.</summary>
    Ade,

    /// <summary>Apps and Books (VPP) location token, Graph <c>vppTokens</c>.</summary>
    Vpp,

    /// <summary>Apple MDM push certificate, Graph <c>applePushNotificationCertificate</c>.</summary>
    Apns,
}
