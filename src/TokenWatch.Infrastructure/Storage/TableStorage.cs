using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The TokenWatch tables, created on first use. <see cref="TableClientOptions"/> registered in the container (e.g.
/// with a pipeline policy that counts requests, or other retry settings) apply to every table client; without
/// them the SDK's defaults do.
/// </summary>
public sealed class TableStorage(IOptions<TokenWatchOptions> options, TableClientOptions? clientOptions = null) : IDisposable
{
    public const string TokenStateTable = "TokenState";
    public const string AlertLedgerTable = "AlertLedger";

    /// <summary>A table transaction holds at most 100 actions, all in one partition.</summary>
    public const int MaxBatch = 100;

    private readonly Lazy<TableServiceClient> _service = new(() => CreateService(options.Value.Storage, clientOptions));
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var table = _service.Value.GetTableClient(name);
        if (_created.ContainsKey(name))
        {
            return table;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (!_created.ContainsKey(name))
            {
                await table.CreateIfNotExistsAsync(cancellationToken);
                _created[name] = true;
            }
        }
        finally
        {
            _createLock.Release();
        }

        return table;
    }

    /// <summary>Submits actions of one partition as transactions of at most <see cref="MaxBatch"/>.</summary>
    public static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in actions.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    private static TableServiceClient CreateService(StorageOptions storage, TableClientOptions? clientOptions)
    {
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return new TableServiceClient(storage.ConnectionString, clientOptions);
        }

        var credential = string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ManagedIdentityClientId));
        return new TableServiceClient(new Uri(storage.TableServiceUri!), credential, clientOptions);
    }

    public void Dispose() => _createLock.Dispose();
}
