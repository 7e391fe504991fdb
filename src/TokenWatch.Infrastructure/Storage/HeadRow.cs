using Azure.Data.Tables;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row naming a tenant's newest poll, <c>token|!head</c>: '!' sorts before every token kind, so it leads the
/// token range and one query reads it with the tokens. Rows of schema version 1 have none.
/// </summary>
internal static class HeadRow
{
    public const string Key = TokenRow.Prefix + "!head";

    private static readonly RowMap<(string RunId, DateTimeOffset At)> Columns = new RowMap<(
        string RunId,
        DateTimeOffset At
    )>()
        .Text("LastRunId", h => h.RunId, (h, v) => h with { RunId = v })
        .Time("LastRunAt", h => h.At, (h, v) => h with { At = v });

    public static TableEntity Write(string partition, string runId, DateTimeOffset at)
    {
        var row = new TableEntity(partition, Key) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write((runId, at), row);
        return row;
    }

    /// <summary>When the newest poll ran; null for a head row without its time.</summary>
    public static DateTimeOffset? ReadAt(TableEntity row) =>
        Columns.Read(row, ("", DateTimeOffset.MinValue)) is { At: var at } && at != DateTimeOffset.MinValue ? at : null;
}
