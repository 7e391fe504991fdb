using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The TokenWatch tables, created on first use. <see cref="TableClientOptions"/> registered in the container (e.g.
/// with a pipeline policy that counts requests, or other retry settings) apply to every table client; without
/// them the SDK's defaults do. Either way the operation timeout and the retries are TokenWatch's
/// (<see cref="StorageOptions"/>): the SDK would wait 100 s for each attempt of a storage that never answers.
/// </summary>
public sealed class TableStorage(IOptions<TokenWatchOptions> options, TableClientOptions? clientOptions = null)
{
    public const string TokenStateTable = "TokenState";

    /// <summary>Ledgers and outboxes of schema version 2; read, never created, so an upgrade finds them.</summary>
    public const string AlertLedgerTable = "AlertLedger";

    /// <summary>A table transaction holds at most 100 actions, all in one partition.</summary>
    public const int MaxBatch = 100;

    private readonly Lazy<TableServiceClient> _service = new(() => CreateService(options.Value.Storage, clientOptions));
    private readonly ConcurrentDictionary<string, Lazy<Task>> _creations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _absentPrevious = new(StringComparer.Ordinal);
    private readonly TenantPartitionMove _moves = new();

    /// <summary>
    /// The table, created once per process. Callers that come while it is being created wait for that one creation
    /// (eight tenants do not queue behind a lock, each trying again); a creation that failed is forgotten, so the
    /// next caller tries afresh instead of every caller inheriting the failure forever.
    /// </summary>
    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var table = _service.Value.GetTableClient(name);
        var creation = _creations.GetOrAdd(name, _ => new Lazy<Task>(() => CreateAsync(table)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch when (creation.Value.IsFaulted || creation.Value.IsCanceled)
        {
            _creations.TryRemove(KeyValuePair.Create(name, creation));
            throw;
        }

        return table;
    }

    /// <summary>
    /// The <c>TokenState</c> table for reading a tenant's state: rows stored under another case of its id are moved
    /// into its canonical partition first (<see cref="TenantPartitionMove"/>, once per tenant and process).
    /// </summary>
    public async Task<TableClient> TenantStateAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(TokenStateTable, cancellationToken);
        await _moves.EnsureAsync(table, tenantId, cancellationToken);
        return table;
    }

    /// <summary>
    /// Reads a table of an earlier schema version, which is never created; default where the table or the row is
    /// not there. A missing table never comes back, so the first "table not found" settles it for the process and
    /// later reads (one per tenant and clean-up, per evaluation of a tenant without a ledger) cost no request.
    /// </summary>
    public async Task<T?> ReadPreviousAsync<T>(string name, Func<TableClient, Task<T>> read)
        where T : class
    {
        if (_absentPrevious.ContainsKey(name))
        {
            return null;
        }

        try
        {
            return await read(_service.Value.GetTableClient(name));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            if (ex.ErrorCode == "TableNotFound")
            {
                _absentPrevious[name] = true;
            }

            return null;
        }
    }

    /// <summary>
    /// Not tied to one caller's token: a caller that gives up must not fail the others waiting on it.
    /// </summary>
    private static async Task CreateAsync(TableClient table) =>
        await table.CreateIfNotExistsAsync(CancellationToken.None);

    /// <summary>One row by its keys; null where it is not there.</summary>
    public static async Task<TableEntity?> GetRowAsync(
        TableClient table,
        string partition,
        string rowKey,
        CancellationToken cancellationToken
    )
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            partition,
            rowKey,
            cancellationToken: cancellationToken
        );
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Submits actions of one partition as transactions of at most <see cref="MaxBatch"/>.</summary>
    public static async Task SubmitAsync(
        TableClient table,
        IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken
    )
    {
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private static TableServiceClient CreateService(StorageOptions storage, TableClientOptions? clientOptions)
    {
        clientOptions ??= new TableClientOptions();
        Bound(clientOptions.Retry, storage);
        if (storage.SignIn != StorageSignIn.AzureCli && !string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return new TableServiceClient(storage.ConnectionString, clientOptions);
        }

        return new TableServiceClient(new Uri(storage.TableServiceUri!), StorageCredential.For(storage), clientOptions);
    }

    /// <summary>The SDK applies the network timeout to each attempt, the response body included.</summary>
    private static void Bound(RetryOptions retry, StorageOptions storage)
    {
        retry.NetworkTimeout = TimeSpan.FromSeconds(storage.OperationTimeoutSeconds);
        retry.MaxRetries = storage.MaxRetries;
        retry.Mode = RetryMode.Exponential;
        retry.MaxDelay = TimeSpan.FromSeconds(Math.Min(retry.MaxDelay.TotalSeconds, 10));
    }
}
