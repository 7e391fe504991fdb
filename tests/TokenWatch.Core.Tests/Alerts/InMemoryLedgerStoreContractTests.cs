using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>The in-memory ledger store the policy tests use, held to the Table store's contract.</summary>
public sealed class InMemoryLedgerStoreContractTests : LedgerStoreContract
{
    protected override Task<IAlertLedgerStore> EmptyStoreAsync(string tenantId) =>
        Task.FromResult<IAlertLedgerStore>(new InMemoryLedgerStore());
}
