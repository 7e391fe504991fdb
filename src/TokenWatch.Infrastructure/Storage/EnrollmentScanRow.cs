using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of one ADE token's enrollment scans, <c>enrollment|ade|id</c> in the tenant's partition of <c>TokenState</c>
/// (before the ledger, so an evaluation reads it in the ledger's query):
/// the last complete scan (aggregates and sample serials, never device rows) and, beside it, the last failure
/// (<see cref="ScanFailureColumns"/>). Lists are JSON in one column each; every one is bounded by the scan.
/// </summary>
internal static class EnrollmentScanRow
{
    public const string Prefix = "enrollment|";

    /// <summary>The prefix the first version wrote (after the polls): not read, removed by the clean-up.</summary>
    public const string LegacyPrefix = "scan|";

    private static readonly RowMap<EnrollmentScan> Columns = new RowMap<EnrollmentScan>()
        .Text("TokenId", s => s.TokenId, (s, _) => s) // read with the key, as the row's identity (Read below)
        .Time("ScannedAt", s => s.ScannedAt, (s, v) => s with { ScannedAt = v })
        .Number("Devices", s => s.Devices, (s, v) => s with { Devices = v })
        .Number("Deleted", s => s.Deleted, (s, v) => s with { Deleted = v })
        .Text("States", s => JsonSerializer.Serialize(s.States), (s, v) => s with { States = Json(v, s.States) })
        .Text(
            "Platforms",
            s => JsonSerializer.Serialize(s.Platforms),
            (s, v) => s with { Platforms = Json(v, s.Platforms) }
        )
        .Number("WithoutProfile", s => s.WithoutProfile, (s, v) => s with { WithoutProfile = v })
        .Time(
            "OldestWithoutProfileSince",
            s => s.OldestWithoutProfileSince,
            (s, v) => s with { OldestWithoutProfileSince = v }
        )
        .Number("Unassigned", s => s.Unassigned, (s, v) => s with { Unassigned = v })
        .Number(
            "NoDefaultProfileDevices",
            s => s.NoDefaultProfileDevices,
            (s, v) => s with { NoDefaultProfileDevices = v }
        )
        .Text("Samples", s => JsonSerializer.Serialize(s.Samples), (s, v) => s with { Samples = Json(v, s.Samples) })
        .Written("Failed", s => s.Count(EnrollmentStates.Failed))
        .Written("Blocked", s => s.Count(EnrollmentStates.Blocked))
        .Text(
            "Problems",
            s => s.Problems.Count == 0 ? null : string.Join('\n', s.Problems),
            (s, v) => s with { Problems = v.Split('\n') }
        );

    public static string Key(string tokenId) => Prefix + TableKeys.Join("ade", tokenId);

    /// <summary>
    /// The complete scan, written whole: it replaces the row, so a failure recorded before is cleared.
    /// </summary>
    public static TableEntity Write(string partition, EnrollmentScan scan)
    {
        var row = new TableEntity(partition, Key(scan.TokenId)) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(scan, row);
        return row;
    }

    /// <summary>The failure alone, to merge into the row: the complete scan in it stays.</summary>
    public static TableEntity WriteFailure(string partition, string tokenId, ScanFailure failure)
    {
        var row = ScanFailureColumns.Write(partition, Key(tokenId), failure);
        row["TokenId"] = tokenId;
        return row;
    }

    /// <summary>The token's scans; null for a row that is not a token's scan row.</summary>
    public static TokenEnrollment? Read(string tenantId, TableEntity row)
    {
        if (row.GetString("TokenId") is not { } tokenId || row.RowKey != Key(tokenId))
        {
            return null;
        }

        EnrollmentScan? scan = null;
        if (row.GetDateTimeOffset("ScannedAt") is { } at)
        {
            var seed = new EnrollmentScan
            {
                TenantId = tenantId,
                TokenId = tokenId,
                ScannedAt = at,
            };
            scan = Columns.Read(row, seed);
        }

        return new TokenEnrollment(tenantId, tokenId, scan, ScanFailureColumns.Read(row));
    }

    /// <summary>
    /// A stored list; a value this version cannot read leaves the default (the rest of the scan stands).
    /// </summary>
    internal static T Json<T>(string json, T fallback)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json) ?? fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}
