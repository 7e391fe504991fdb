using Azure.Security.KeyVault.Secrets;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Reads the secrets catalog tenants name, from <see cref="GraphOptions.KeyVaultUri"/> with the managed identity.
/// </summary>
/// <remarks>
/// The app's own <see cref="SecretClient"/> (the credential watch's, bounded) when one is registered; otherwise one
/// built on first use, so the CLI and a local run without a vault never build one.
/// </remarks>
public sealed class KeyVaultSecrets(GraphOptions graph, SecretClient? registered = null)
{
    private readonly Lazy<SecretClient> _client = new(() =>
        registered
        ?? new SecretClient(
            new Uri(
                graph.KeyVaultUri ?? throw new InvalidOperationException("TokenWatch:Graph:KeyVaultUri is not set.")
            ),
            GraphCredentials.ManagedIdentity(graph)
        )
    );

    public async Task<string> ReadAsync(string name, CancellationToken cancellationToken) =>
        (await _client.Value.GetSecretAsync(name, cancellationToken: cancellationToken)).Value.Value;
}
