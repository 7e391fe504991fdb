using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Cli;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// The CLI at a workstation reaches the deployed table endpoint with the operator's own sign-in; checked by
/// construction (no token is asked for, nothing leaves the machine).
/// </summary>
public sealed class OperatorSignInTests
{
    private static readonly Dictionary<string, string?> EndpointOnly = new()
    {
        ["TokenWatch:Graph:Auth"] = "AzureCli",
        ["TokenWatch:Tenants:0:TenantId"] = "contoso.onmicrosoft.com",
        ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
        ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
        ["TokenWatch:Storage:ConnectionString"] = "",
        ["TokenWatch:Storage:TableServiceUri"] = "https://sttokenwatch.table.core.windows.net",
    };

    private static StorageOptions Storage(Dictionary<string, string?> settings)
    {
        using var services = CliSettings.Services(CliSettings.Build(null, settings), TokenWatchScope.Full);
        Assert.True(CliSettings.Validate(services, TextWriter.Null));
        return services.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Storage;
    }

    [Fact]
    public void Table_endpoint_without_connection_string_signs_in_with_the_azure_cli()
    {
        var storage = Storage(EndpointOnly);

        Assert.Equal(StorageSignIn.AzureCli, storage.SignIn);
        Assert.IsType<AzureCliCredential>(StorageCredential.For(storage));
        Assert.True(DiscoverCommand.OutsideAzure(new TokenWatchOptions { Storage = storage }));
    }

    [Fact]
    public void Sign_in_the_operator_chose_is_kept()
    {
        var storage = Storage(new(EndpointOnly) { [CliSettings.SignInKey] = "ManagedIdentity" });

        Assert.Equal(StorageSignIn.ManagedIdentity, storage.SignIn);
        Assert.IsType<ManagedIdentityCredential>(StorageCredential.For(storage));
        Assert.False(DiscoverCommand.OutsideAzure(new TokenWatchOptions { Storage = storage }));
    }

    [Fact]
    public void Connection_string_keeps_the_managed_identity_default()
    {
        var storage = Storage(
            new(EndpointOnly) { ["TokenWatch:Storage:ConnectionString"] = "UseDevelopmentStorage=true" }
        );

        Assert.Equal(StorageSignIn.ManagedIdentity, storage.SignIn);
    }
}
