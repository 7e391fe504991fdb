using System.Globalization;
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

/// <summary>A stored sample: when it was taken (by the sample's clock), by which commit, and its rows.</summary>
internal sealed record StoredSample(DateTimeOffset TakenAt, string Source, IReadOnlyList<StoredRow> Rows);

internal sealed record StoredRow(
    string Table,
    string PartitionKey,
    string RowKey,
    IReadOnlyDictionary<string, StoredValue> Properties
);

/// <summary>One property: its Table type and its value as text (binary as base64, times as ISO 8601).</summary>
internal sealed record StoredValue(string Type, string? Value)
{
    public static StoredValue Of(object? value) =>
        value switch
        {
            null => new("Null", null),
            string s => new("String", s),
            int i => new("Int32", i.ToString(CultureInfo.InvariantCulture)),
            long l => new("Int64", l.ToString(CultureInfo.InvariantCulture)),
            bool b => new("Boolean", b ? "true" : "false"),
            double d => new("Double", d.ToString("R", CultureInfo.InvariantCulture)),
            DateTimeOffset t => new("DateTime", t.ToString("O", CultureInfo.InvariantCulture)),
            DateTime t => new(
                "DateTime",
                new DateTimeOffset(t.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture)
            ),
            Guid g => new("Guid", g.ToString()),
            byte[] bytes => new("Binary", Convert.ToBase64String(bytes)),
            BinaryData data => new("Binary", Convert.ToBase64String(data.ToArray())),
            _ => throw new NotSupportedException(
                $"A table property of type {value.GetType()} is not in the sample format."
            ),
        };

    public object? ToObject() =>
        Type switch
        {
            "Null" => null,
            "String" => Value,
            "Int32" => int.Parse(Value!, CultureInfo.InvariantCulture),
            "Int64" => long.Parse(Value!, CultureInfo.InvariantCulture),
            "Boolean" => Value == "true",
            "Double" => double.Parse(Value!, CultureInfo.InvariantCulture),
            "DateTime" => DateTimeOffset.Parse(Value!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "Guid" => Guid.Parse(Value!),
            "Binary" => Convert.FromBase64String(Value!),
            _ => throw new NotSupportedException($"Unknown sample property type {Type}."),
        };
}
