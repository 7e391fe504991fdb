using Azure.Data.Tables;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The enrollment scans in the tenant's partition of <c>TokenState</c> (<c>enrollment|…</c> rows): one
/// round trip per write. A complete scan replaces its row; a failure is merged into it, so the complete scan it stands
/// beside is never touched and never mixed with a partial one.
/// </summary>
public sealed class TableEnrollmentStore(TableStorage storage) : IEnrollmentStore
{
    public Task SaveScanAsync(EnrollmentScan scan, CancellationToken cancellationToken) =>
        UpsertAsync(
            EnrollmentScanRow.Write(TableKeys.Tenant(scan.TenantId), scan),
            TableUpdateMode.Replace,
            cancellationToken
        );

    public Task SaveScanFailureAsync(
        string tenantId,
        string tokenId,
        ScanFailure failure,
        CancellationToken cancellationToken
    ) =>
        UpsertAsync(
            EnrollmentScanRow.WriteFailure(TableKeys.Tenant(tenantId), tokenId, failure),
            TableUpdateMode.Merge,
            cancellationToken
        );

    public Task SaveConnectorsAsync(
        string tenantId,
        DateTimeOffset readAt,
        IReadOnlyList<ConnectorVerdict> verdicts,
        CancellationToken cancellationToken
    ) =>
        UpsertAsync(
            ConnectorStatusRow.Write(TableKeys.Tenant(tenantId), readAt, verdicts),
            TableUpdateMode.Replace,
            cancellationToken
        );

    public Task SaveConnectorFailureAsync(string tenantId, ScanFailure failure, CancellationToken cancellationToken) =>
        UpsertAsync(
            ScanFailureColumns.Write(TableKeys.Tenant(tenantId), ConnectorStatusRow.Key, failure),
            TableUpdateMode.Merge,
            cancellationToken
        );

    /// <summary>Every scan row of the tenant, in one query.</summary>
    public async Task<TenantEnrollment> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var filter = TableKeys.PrefixFilter(TableKeys.Tenant(tenantId), EnrollmentScanRow.Prefix);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return Read(tenantId, rows);
    }

    /// <summary>True for a row this store reads (<see cref="Read"/>).</summary>
    internal static bool IsEnrollmentRow(TableEntity row) =>
        row.RowKey.StartsWith(EnrollmentScanRow.Prefix, StringComparison.Ordinal);

    /// <summary>The tenant's enrollment from its scan rows (others are passed over).</summary>
    internal static TenantEnrollment Read(string tenantId, IEnumerable<TableEntity> rows)
    {
        var tokens = new List<TokenEnrollment>();
        TenantConnectors? connectors = null;
        foreach (var row in rows.Where(IsEnrollmentRow))
        {
            if (row.RowKey == ConnectorStatusRow.Key)
            {
                connectors = ConnectorStatusRow.Read(tenantId, row);
            }
            else if (EnrollmentScanRow.Read(tenantId, row) is { } token)
            {
                tokens.Add(token);
            }
        }

        return new TenantEnrollment(tenantId, tokens, connectors);
    }

    private async Task UpsertAsync(TableEntity row, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        await table.UpsertEntityAsync(row, mode, cancellationToken);
    }
}
