using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TokenWatch.Functions;

/// <summary>Registers the credential watch when the app has a Key Vault (always, when deployed with infra/).</summary>
public static class CredentialWatchServices
{
    public const string KeyVaultUriSetting = "TokenWatch:Graph:KeyVaultUri";

    public static IServiceCollection AddCredentialExpiryWatch(this IServiceCollection services, IConfiguration settings)
    {
        if (!Uri.TryCreate(settings[KeyVaultUriSetting], UriKind.Absolute, out var vault))
        {
            return services;
        }

        // Bounded like every other call out: one attempt 30 s, three retries.
        var clientOptions = new SecretClientOptions
        {
            Retry = { MaxRetries = 3, NetworkTimeout = TimeSpan.FromSeconds(30) },
        };
        services.TryAddSingleton(_ => new SecretClient(vault, Identity(settings), clientOptions));
        services.AddSingleton<CredentialExpiryWatch>();
        return services;
    }

    private static TokenCredential Identity(IConfiguration settings) =>
        settings["TokenWatch:Graph:ManagedIdentityClientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
