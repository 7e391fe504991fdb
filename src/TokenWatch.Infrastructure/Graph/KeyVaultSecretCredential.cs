using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// A client secret or certificate credential whose secret stays in Key Vault until the first token is needed: the
/// catalog holds only the secret's name. A certificate is read as Key Vault serves one as a secret (base64 PFX).
/// The secret is read once per client; a rotated secret takes effect when the catalog row names the new secret.
/// App-settings tenants may name one too (<c>TokenWatch:Tenants:N:SecretName</c>), so no Key Vault reference is needed
/// before the vault exists, and a secret not there yet fails that tenant's polls, not the app's start.
/// </summary>
internal sealed class KeyVaultSecretCredential(
    GraphAuth auth,
    TenantOptions tenant,
    Uri authorityHost,
    KeyVaultSecrets vault
) : TokenCredential
{
    private readonly string _secretName = tenant.SecretName!;

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

        try
        {
            return _inner = Credential(await vault.ReadAsync(_secretName, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A missing, unreadable or malformed secret (or no vault yet) is a sign-in failure of this tenant alone.
            var status = ex is Azure.RequestFailedException { Status: > 0 } failed ? $" ({failed.Status})" : "";
            throw new AuthenticationFailedException(
                $"Key Vault secret '{_secretName}' could not be read{status}: check that it exists, holds the "
                    + "credential, and that the managed identity may read secrets.",
                ex
            );
        }
    }

    private TokenCredential Credential(string secret) =>
        auth == GraphAuth.ClientCertificate
            ? new ClientCertificateCredential(
                tenant.TenantId,
                tenant.ClientId,
                X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(secret), null),
                new ClientCertificateCredentialOptions { AuthorityHost = authorityHost }
            )
            : new ClientSecretCredential(
                tenant.TenantId,
                tenant.ClientId,
                secret,
                new ClientSecretCredentialOptions { AuthorityHost = authorityHost }
            );
}
