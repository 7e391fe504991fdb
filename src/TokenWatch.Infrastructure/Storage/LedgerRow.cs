using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of a tenant's <see cref="AlertLedger"/>, <c>ledger</c>: the ledger as gzip JSON, the digest still to send,
/// and counts for people reading the table.
/// </summary>
internal static class LedgerRow
{
    public const string Key = "ledger";

    private static readonly RowMap<LedgerRowValue> Columns = new RowMap<LedgerRowValue>()
        .Text("PendingDigest", s => s.PendingDigest, (s, v) => s with { PendingDigest = v })
        .Written("PolledUntil", s => s.Ledger.Watermark?.At)
        .Written("Tokens", s => s.Ledger.Tokens.Count)
        .Written("OpenAlerts", s => s.Ledger.Tokens.Values.Sum(t => t.Alerts.Count))
        .Written("Snoozes", s => s.Ledger.Snoozes.Count)
        .Blob("Ledger", s => s.Json, (s, v) => s with { Ledger = AlertJson.DeserializeLedger(v) });

    /// <summary>
    /// The ledger written as <paramref name="json"/> (its serialized form, already at hand): added when there was
    /// none (<paramref name="version"/> null), else replaced If-Match the version loaded.
    /// </summary>
    public static TableTransactionAction Write(
        string partition,
        AlertLedger ledger,
        byte[] json,
        string? pendingDigest,
        string? version
    )
    {
        var row = new TableEntity(partition, Key) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(new LedgerRowValue(ledger, json, pendingDigest), row);
        return version is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(version));
    }

    /// <summary>
    /// The ledger a row holds (empty when it holds none), and the digest it names as pending, if any.
    /// </summary>
    public static (AlertLedger Ledger, string? PendingDigest) Read(TableEntity row)
    {
        var stored = Columns.Read(row, new LedgerRowValue(AlertLedger.Empty, null, null));
        return (stored.Ledger, stored.PendingDigest is { Length: > 0 } pending ? pending : null);
    }
}
