using Azure;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Infra.Tests.Support;
using TokenWatch.Infrastructure.Graph;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// An app-settings tenant names a Key Vault secret (<c>TokenWatch:Tenants:N:SecretName</c>) that is not in the vault
/// yet, as on a first deploy: the app starts, and the secret is read with the app's own (bounded) Key Vault client,
/// the real one against an HTTPS fake of the vault, whose answer is Key Vault's 404.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class MissingKeyVaultSecretTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_secret_not_in_the_vault_does_not_stop_the_start_and_is_read_with_the_apps_vault_client()
    {
        await using var vault = await FakeKeyVault.StartAsync([]);
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: 2,
            configure: s =>
            {
                s["TokenWatch:Graph:KeyVaultUri"] = vault.Uri.ToString();
                s["TokenWatch:Tenants:1:Auth"] = "ClientSecret";
                s["TokenWatch:Tenants:1:ClientId"] = "11111111-2222-3333-4444-555555555555";
                s["TokenWatch:Tenants:1:SecretName"] = "FabrikamClientSecret";
            },
            services: s => s.AddSingleton(vault.Client())
        );

        Assert.Empty(TokenWatch.Infrastructure.ServiceCollectionExtensions.ConfigurationProblems(app.Services));
        var secrets = new KeyVaultSecrets(
            new TokenWatch.Infrastructure.Configuration.GraphOptions { KeyVaultUri = vault.Uri.ToString() },
            app.Services.GetRequiredService<Azure.Security.KeyVault.Secrets.SecretClient>()
        );
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() =>
            secrets.ReadAsync("FabrikamClientSecret", CancellationToken.None)
        );

        Assert.Equal(404, missing.Status);
        Assert.Equal(["FabrikamClientSecret"], vault.ReadRequests);
    }
}
