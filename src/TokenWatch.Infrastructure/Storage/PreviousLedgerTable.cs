using Azure;
using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The table ledgers and digests lived in before schema version 3, <c>AlertLedger</c>: a ledger still there is moved
/// beside the tenant's polls when it is first read, and the digests left there stay readable for the history.
/// </summary>
internal sealed class PreviousLedgerTable(TableStorage storage)
{
    /// <summary>
    /// Copies a ledger of schema version 2 and the digest it names as pending into the tenant's <c>TokenState</c>
    /// partition, in one transaction, and returns the copied ledger row; null when there is none. Of two evaluations
    /// moving it at once, one adds it and the other reads what it added.
    /// </summary>
    public async Task<TableEntity?> MoveAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        if (await RowAsync(partition, LedgerRow.Key, cancellationToken) is not { } ledger)
        {
            return null;
        }

        var moves = new List<TableTransactionAction> { new(TableTransactionActionType.Add, Copy(ledger)) };
        if (
            ledger.GetString("PendingDigest") is { Length: > 0 } digestId
            && await RowAsync(partition, OutboxRow.Key(digestId), cancellationToken) is { } digest
        )
        {
            moves.Add(new TableTransactionAction(TableTransactionActionType.Add, Copy(digest)));
        }

        try
        {
            await table.SubmitTransactionAsync(moves, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another evaluation moved it first.
        }

        return await TableStorage.GetRowAsync(table, partition, LedgerRow.Key, cancellationToken);
    }

    /// <summary>Reads rows of the previous table, if it is there, with <paramref name="read"/>.</summary>
    public Task<T?> ReadAsync<T>(Func<TableClient, Task<T>> read)
        where T : class => storage.ReadPreviousAsync(TableStorage.AlertLedgerTable, read);

    /// <summary>A row of the table of schema version 2; null where it, or the whole table, is not there.</summary>
    private Task<TableEntity?> RowAsync(string partition, string rowKey, CancellationToken cancellationToken) =>
        ReadAsync(async table =>
            (await table.GetEntityAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken)).Value
        );

    /// <summary>A row's key and properties, without what the service sets (ETag, timestamp).</summary>
    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}
