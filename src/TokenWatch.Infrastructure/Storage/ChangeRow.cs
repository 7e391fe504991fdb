using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// A row of the token history, <c>hist|inverted ticks|suffix|kind:id</c>: a token a poll saw added, changed or
/// removed, under its poll's own ticks and suffix so that the rows of one poll sort together.
/// </summary>
internal static class ChangeRow
{
    public const string Prefix = "hist|";

    private static readonly RowMap<ObservedChange> Columns = new RowMap<ObservedChange>()
        .Text("TokenKey", c => c.TokenKey, (c, v) => c with { TokenKey = v })
        .Text("RunId", c => c.RunId, (c, v) => c with { RunId = v })
        .Time("At", c => c.At, (c, v) => c with { At = v })
        .Text("Change", c => c.Change, (c, v) => c with { Change = v })
        .Blob(
            "Observation",
            c => c.Observation is null ? null : JsonSerializer.SerializeToUtf8Bytes(c.Observation, AlertJson.Options),
            (c, v) => c with { Observation = JsonSerializer.Deserialize<TokenObservation>(v, AlertJson.Options) }
        );

    public static TableEntity Write(string partition, string runId, DateTimeOffset at, DetectedChange change)
    {
        var key = Prefix + runId + TableKeys.Separator + TableKeys.Escape(change.TokenKey);
        var row = new TableEntity(partition, key) { [StorageSchema.Property] = StorageSchema.Current };
        var name = change.Kind.ToString().ToLowerInvariant();
        Columns.Write(new ObservedChange(runId, at, change.TokenKey, name, change.Observation), row);
        return row;
    }

    /// <summary>The change a history row holds; null for a row without its token, poll or time.</summary>
    public static ObservedChange? Read(TableEntity row) =>
        row.GetString("TokenKey") is null || row.GetString("RunId") is null || row.GetDateTimeOffset("At") is null
            ? null
            : Columns.Read(row, new ObservedChange("", default, "", "changed", null));
}
