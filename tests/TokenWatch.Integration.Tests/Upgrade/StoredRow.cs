namespace TokenWatch.Integration.Tests.Upgrade;

internal sealed record StoredRow(
    string Table,
    string PartitionKey,
    string RowKey,
    IReadOnlyDictionary<string, StoredValue> Properties
);
