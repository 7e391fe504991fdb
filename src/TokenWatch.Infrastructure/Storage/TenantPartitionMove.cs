using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Moves a tenant's <c>TokenState</c> rows stored under another case of its id (before ids had one canonical form,
/// <see cref="TableKeys.Tenant"/>: the id as written, or all upper case, as a GUID is often written) into the
/// canonical partition, when the tenant's state is first read in a process: a snooze, the timeline and a pending
/// digest survive a catalog export and import that changed the id's case. A move is a copy (added, never over a
/// row already there) and then a delete; one cut short is finished by the next read.
/// </summary>
internal sealed class TenantPartitionMove
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _checked = new(StringComparer.Ordinal);

    /// <summary>Once per tenant id and process; a move that failed is tried again by the next read.</summary>
    public async Task EnsureAsync(TableClient table, string tenantId, CancellationToken cancellationToken)
    {
        var check = _checked.GetOrAdd(tenantId, id => new Lazy<Task>(() => MoveAllAsync(table, id)));
        try
        {
            await check.Value.WaitAsync(cancellationToken);
        }
        catch when (check.Value.IsFaulted || check.Value.IsCanceled)
        {
            _checked.TryRemove(KeyValuePair.Create(tenantId, check));
            throw;
        }
    }

    private static async Task MoveAllAsync(TableClient table, string tenantId)
    {
        var canonical = TableKeys.Tenant(tenantId);
        var others = new[] { TableKeys.Escape(tenantId.Trim()), TableKeys.Escape(tenantId.Trim().ToUpperInvariant()) }
            .Where(p => p != canonical)
            .Distinct(StringComparer.Ordinal);
        foreach (var partition in others)
        {
            await MoveAsync(table, partition, canonical);
        }
    }

    private static async Task MoveAsync(TableClient table, string from, string to)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PartitionFilter(from)))
        {
            rows.Add(row);
        }

        foreach (var chunk in rows.Chunk(TableStorage.MaxBatch))
        {
            await AddAsync(table, chunk.Select(r => Copy(r, to)).ToList());
            await table.SubmitTransactionAsync(
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All))
            );
        }
    }

    /// <summary>Adds the copies; where one is already there (a move cut short), the rest go one by one.</summary>
    private static async Task AddAsync(TableClient table, List<TableEntity> copies)
    {
        try
        {
            await table.SubmitTransactionAsync(
                copies.Select(c => new TableTransactionAction(TableTransactionActionType.Add, c))
            );
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            foreach (var copy in copies)
            {
                try
                {
                    await table.AddEntityAsync(copy);
                }
                catch (RequestFailedException one) when (one.Status == 409)
                {
                    // Copied before: the canonical row stays as it is.
                }
            }
        }
    }

    private static TableEntity Copy(TableEntity row, string partition)
    {
        var copy = new TableEntity(partition, row.RowKey);
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
