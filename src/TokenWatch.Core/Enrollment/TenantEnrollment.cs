namespace TokenWatch.Core.Enrollment;

/// <summary>What is stored of a tenant's enrollment: each ADE token's scans and Intune's connector verdicts.</summary>
public sealed record TenantEnrollment(
    string TenantId,
    IReadOnlyList<TokenEnrollment> Tokens,
    TenantConnectors? Connectors
)
{
    public TokenEnrollment? Token(string tokenId) => Tokens.FirstOrDefault(t => t.TokenId == tokenId);
}
