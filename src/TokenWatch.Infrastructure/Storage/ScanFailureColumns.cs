using Azure.Data.Tables;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The columns of a failed scan or connector read, merged into its row on their own: the complete scan the row
/// holds stays as it was, and the next complete scan (written whole) clears them.
/// </summary>
internal static class ScanFailureColumns
{
    private static readonly RowMap<ScanFailure> Columns = new RowMap<ScanFailure>()
        .Time("FailedAt", f => f.At, (f, v) => f with { At = v })
        .Text("FailureCode", f => f.Code, (f, v) => f with { Code = v })
        .Text("FailureMessage", f => KeptText.Cap(f.Message), (f, v) => f with { Message = v })
        .Text(
            "FailureFix",
            f => f.Fix.ToString(),
            (f, v) => f with { Fix = StoredFailureFixConverter.Parse(v) ?? FailureFix.ReadFailed }
        );

    public static TableEntity Write(string partition, string rowKey, ScanFailure failure)
    {
        var row = new TableEntity(partition, rowKey) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(failure, row);
        return row;
    }

    /// <summary>The failure the row records; null when it records none.</summary>
    public static ScanFailure? Read(TableEntity row) =>
        row.GetDateTimeOffset("FailedAt") is { } at
            ? Columns.Read(row, new ScanFailure(at, "", "", FailureFix.ReadFailed))
            : null;
}
