using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of a tenant's Intune connector verdicts, <c>enrollment|!connectors</c> ('!' sorts before every token scan):
/// the verdicts as last read and, beside them, the last failure to read them.
/// </summary>
internal static class ConnectorStatusRow
{
    public const string Key = EnrollmentScanRow.Prefix + "!connectors";

    public static TableEntity Write(string partition, DateTimeOffset readAt, IReadOnlyList<ConnectorVerdict> verdicts)
    {
        var row = new TableEntity(partition, Key) { [StorageSchema.Property] = StorageSchema.Current };
        row["ReadAt"] = readAt;
        row["Verdicts"] = JsonSerializer.Serialize(verdicts);
        return row;
    }

    public static TenantConnectors Read(string tenantId, TableEntity row) =>
        new(
            tenantId,
            row.GetDateTimeOffset("ReadAt"),
            row.GetString("Verdicts") is { } json ? EnrollmentScanRow.Json<List<ConnectorVerdict>>(json, []) : [],
            ScanFailureColumns.Read(row)
        );
}
