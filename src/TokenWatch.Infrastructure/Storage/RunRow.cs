using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of one poll, <c>run|inverted ticks|suffix</c>: when it ran, how many tokens it read and history rows it
/// wrote, and the endpoints it could not read.
/// </summary>
internal static class RunRow
{
    public const string Prefix = "run|";

    private static readonly RowMap<StoredRun> Columns = new RowMap<StoredRun>()
        .Time("StartedAt", r => r.Record.StartedAt, (r, v) => r with { Record = r.Record with { StartedAt = v } })
        .Number("Changes", r => r.Changes, (r, v) => r with { Changes = v })
        .Number("TokenCount", r => r.Record.TokenCount, (r, v) => r with { Record = r.Record with { TokenCount = v } })
        .Written("Succeeded", r => r.Record.Succeeded)
        .Text(
            "Failures",
            r => r.Record.Failures.Count == 0 ? null : KeptText.Cap(JsonSerializer.Serialize(Stored(r.Record))),
            (r, v) => r with { Record = r.Record with { Failures = Failures(v) } }
        );

    public static TableEntity Write(string partition, string runId, TenantReading reading, int changes)
    {
        var record = new PollRunRecord(reading.TenantId, reading.ReadAt, reading.Tokens.Count, reading.Failures);
        var row = new TableEntity(partition, Prefix + runId) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(new StoredRun(runId, record, changes), row);
        return row;
    }

    public static StoredRun Read(string tenantId, TableEntity row)
    {
        var seed = new StoredRun(row.RowKey[Prefix.Length..], new(tenantId, DateTimeOffset.MinValue, 0, []), null);
        return Columns.Read(row, seed);
    }

    private static IEnumerable<StoredFailure> Stored(PollRunRecord record) =>
        record.Failures.Select(f => new StoredFailure(
            f.Kind.ToSlug(),
            f.Code,
            f.Message,
            f.Fix?.ToString(),
            f.RequestId,
            f.ClientRequestId
        ));

    private static List<PollFailure> Failures(string json) =>
        (JsonSerializer.Deserialize<List<StoredFailure>>(json) ?? [])
            .Select(f => new PollFailure(
                TokenKindNames.TryParseSlug(f.Kind, out var k) ? k : TokenKind.Ade,
                f.Code,
                f.Message,
                StoredFailureFixConverter.Parse(f.Fix),
                f.RequestId,
                f.ClientRequestId
            ))
            .ToList();
}
