using Azure.Core;
using Azure.Identity;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Who signs in to the table endpoint. Either way the identity needs a data role on the account, since shared-key
/// access is off ("Authorize access to tables using Microsoft Entra ID", Microsoft Learn).
/// </summary>
public static class StorageCredential
{
    /// <summary>Longest wait for <c>az account get-access-token</c>: a hung CLI must not hang the command.</summary>
    public static readonly TimeSpan AzureCliTimeout = TimeSpan.FromSeconds(30);

    public static TokenCredential For(StorageOptions storage) =>
        storage.SignIn switch
        {
            StorageSignIn.AzureCli => new AzureCliCredential(
                new AzureCliCredentialOptions { ProcessTimeout = AzureCliTimeout }
            ),
            _ when string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId) => new ManagedIdentityCredential(
                ManagedIdentityId.SystemAssigned
            ),
            _ => new ManagedIdentityCredential(
                ManagedIdentityId.FromUserAssignedClientId(storage.ManagedIdentityClientId)
            ),
        };
}
