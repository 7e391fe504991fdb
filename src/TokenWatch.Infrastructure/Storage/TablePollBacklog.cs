using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The tenants a poll did not reach, as one row of the <c>TokenState</c> table in a partition of its own
/// (<c>~cycle</c>: '~' is in no tenant id or domain). Compressed, so ten thousand tenant ids fit in the row.
/// </summary>
public sealed class TablePollBacklog(TableStorage storage) : IPollBacklog
{
    public const string Partition = "~cycle";
    private const string Row = "poll-backlog";

    public async Task<IReadOnlyList<string>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity && TableBlobs.Read(entity, "Tenants") is { } json
            ? JsonSerializer.Deserialize<List<string>>(json) ?? []
            : [];
    }

    public async Task SaveAsync(IReadOnlyList<string> tenantIds, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var entity = new TableEntity(Partition, Row)
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["TenantCount"] = tenantIds.Count,
        };
        TableBlobs.Write(entity, "Tenants", JsonSerializer.SerializeToUtf8Bytes(tenantIds));
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
