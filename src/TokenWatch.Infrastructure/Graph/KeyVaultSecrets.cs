using Azure.Security.KeyVault.Secrets;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Reads the secrets catalog tenants name, from <see cref="GraphOptions.KeyVaultUri"/> with the managed identity.
/// </summary>
public sealed class KeyVaultSecrets(GraphOptions graph)
{
    private readonly Lazy<SecretClient> _client = new(() =>
        new SecretClient(
            new Uri(
                graph.KeyVaultUri ?? throw new InvalidOperationException("TokenWatch:Graph:KeyVaultUri is not set.")
            ),
            GraphCredentials.ManagedIdentity(graph)
        )
    );

    public async Task<string> ReadAsync(string name, CancellationToken cancellationToken) =>
        (await _client.Value.GetSecretAsync(name, cancellationToken: cancellationToken)).Value.Value;
}
