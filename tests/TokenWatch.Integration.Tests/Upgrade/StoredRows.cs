using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace TokenWatch.Integration.Tests.Upgrade;

/// <summary>
/// Table rows as JSON with their property types, so a sample written by one version of TokenWatch can be put back
/// into storage, byte for byte, under the next one.
/// </summary>
internal static class StoredRows
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<List<StoredRow>> ReadAsync(
        string connectionString,
        string table,
        IEnumerable<string> partitions
    )
    {
        var client = new TableClient(connectionString, table);
        var rows = new List<StoredRow>();
        foreach (var partition in partitions)
        {
            await foreach (var entity in client.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
            {
                rows.Add(
                    new StoredRow(
                        table,
                        entity.PartitionKey,
                        entity.RowKey,
                        entity
                            .Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                            .OrderBy(k => k, StringComparer.Ordinal)
                            .ToDictionary(k => k, k => StoredValue.Of(entity[k]))
                    )
                );
            }
        }

        return rows;
    }

    public static async Task WriteAsync(string connectionString, IEnumerable<StoredRow> rows)
    {
        foreach (var group in rows.GroupBy(r => r.Table))
        {
            var client = new TableClient(connectionString, group.Key);
            await client.CreateIfNotExistsAsync();
            foreach (var row in group)
            {
                var entity = new TableEntity(row.PartitionKey, row.RowKey);
                foreach (var (name, value) in row.Properties)
                {
                    entity[name] = value.ToObject();
                }

                await client.UpsertEntityAsync(entity, TableUpdateMode.Replace);
            }
        }
    }

    public static string Serialize(StoredSample sample) => JsonSerializer.Serialize(sample, Options);

    public static StoredSample Deserialize(string json) => JsonSerializer.Deserialize<StoredSample>(json, Options)!;
}
