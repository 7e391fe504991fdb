using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// A client secret or certificate credential whose secret stays in Key Vault until the first token is needed: the
/// catalog holds only the secret's name. A certificate is read as Key Vault serves one as a secret (base64 PFX).
/// The secret is read once per client; a rotated secret takes effect when the catalog row names the new secret.
/// </summary>
internal sealed class KeyVaultSecretCredential(
    GraphAuth auth,
    string tenantId,
    string clientId,
    string secretName,
    KeyVaultSecrets vault
) : TokenCredential
{
    // Two first requests racing may both read the secret: harmless, and no lock to own.
    private volatile TokenCredential? _inner;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(
        TokenRequestContext requestContext,
        CancellationToken cancellationToken
    ) => await (await InnerAsync(cancellationToken)).GetTokenAsync(requestContext, cancellationToken);

    private async Task<TokenCredential> InnerAsync(CancellationToken cancellationToken)
    {
        if (_inner is { } known)
        {
            return known;
        }

        string secret;
        try
        {
            secret = await vault.ReadAsync(secretName, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Classified as a sign-in failure of this tenant alone, with the fix in the message.
            throw new AuthenticationFailedException(
                $"Key Vault secret '{secretName}' could not be read ({ex.Status}): check that it exists and that "
                    + "the managed identity may read secrets.",
                ex
            );
        }

        return _inner =
            auth == GraphAuth.ClientCertificate
                ? new ClientCertificateCredential(
                    tenantId,
                    clientId,
                    X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(secret), null)
                )
                : new ClientSecretCredential(tenantId, clientId, secret);
    }
}
