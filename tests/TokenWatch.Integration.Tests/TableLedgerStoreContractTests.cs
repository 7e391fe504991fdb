using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests;

/// <summary>The Table ledger store on Azurite, held to the contract the Core tests' in-memory store keeps.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class TableLedgerStoreContractTests(AzuriteFixture azurite) : LedgerStoreContract, IAsyncLifetime
{
    private TestApp? _app;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    protected override async Task<IAlertLedgerStore> EmptyStoreAsync(string tenantId)
    {
        _app = await TestApp.StartAsync(azurite);
        return _app.Services.GetRequiredService<IAlertLedgerStore>();
    }
}
