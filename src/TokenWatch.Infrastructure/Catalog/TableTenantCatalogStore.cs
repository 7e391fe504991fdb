using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure.Catalog;

/// <summary>
/// The tenant catalog in the <c>TenantCatalog</c> table (<see cref="StorageOptions.CatalogTable"/>): one partition, one
/// row per tenant keyed by its id in lower
/// case. Read whole at the start of every poll and evaluation (a thousand rows is one page of the table query).
/// </summary>
public sealed class TableTenantCatalogStore(TableStorage storage, IOptions<TokenWatchOptions> options)
{
    private const string Partition = "tenants";
    private const char ListSeparator = ';';

    public async Task<IReadOnlyList<CatalogTenant>> LoadAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(options.Value.Storage.CatalogTable, cancellationToken);
        var rows = new List<CatalogTenant>();
        await foreach (
            var entity in table.QueryAsync<TableEntity>(
                TableKeys.PartitionFilter(Partition),
                cancellationToken: cancellationToken
            )
        )
        {
            rows.Add(FromEntity(entity));
        }

        return rows;
    }

    public async Task<CatalogTenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(options.Value.Storage.CatalogTable, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(
            Partition,
            RowKey(tenantId),
            cancellationToken: cancellationToken
        );
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    /// <summary>Adds or replaces rows, at most 100 to a transaction. Callers validate every row first.</summary>
    public async Task SaveAsync(IReadOnlyList<CatalogTenant> rows, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(options.Value.Storage.CatalogTable, cancellationToken);
        var actions = rows.Select(r => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                ToEntity(r)
            ))
            .ToList();
        await TableStorage.SubmitAsync(table, actions, cancellationToken);
    }

    /// <summary>Adds a row; false when the tenant is in the catalog already.</summary>
    public async Task<bool> TryAddAsync(CatalogTenant row, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(options.Value.Storage.CatalogTable, cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(row), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Removes a row; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(options.Value.Storage.CatalogTable, cancellationToken);
        var response = await table.DeleteEntityAsync(Partition, RowKey(tenantId), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    private static string RowKey(string tenantId) => TableKeys.Tenant(tenantId);

    private static TableEntity ToEntity(CatalogTenant row) =>
        new(Partition, RowKey(row.TenantId))
        {
            ["TenantId"] = row.TenantId.Trim(),
            ["DisplayName"] = row.DisplayName,
            ["Recipients"] = Join(row.Recipients),
            ["CriticalRecipients"] = Join(row.CriticalRecipients),
            ["Auth"] = row.Auth?.ToString(),
            ["ClientId"] = row.ClientId,
            ["SecretName"] = row.SecretName,
            ["Cloud"] = row.Cloud?.ToString(),
            ["Paused"] = row.Paused,
            ["PausedReason"] = row.PausedReason,
            ["Milestones"] = row.Milestones,
            ["ExpiryWarningDays"] = row.ExpiryWarningDays,
            ["AdeSyncWarningHours"] = row.AdeSyncWarningHours,
            ["AdeSyncCriticalHours"] = row.AdeSyncCriticalHours,
            ["VppSyncWarningHours"] = row.VppSyncWarningHours,
            ["VppSyncCriticalHours"] = row.VppSyncCriticalHours,
            ["Origin"] = row.Origin,
        };

    private static CatalogTenant FromEntity(TableEntity entity) =>
        new()
        {
            TenantId = entity.GetString("TenantId") ?? entity.RowKey,
            DisplayName = entity.GetString("DisplayName"),
            Recipients = Split(entity.GetString("Recipients")),
            CriticalRecipients = Split(entity.GetString("CriticalRecipients")),
            Auth = Enum.TryParse<GraphAuth>(entity.GetString("Auth"), ignoreCase: true, out var auth) ? auth : null,
            ClientId = entity.GetString("ClientId"),
            SecretName = entity.GetString("SecretName"),
            Cloud = Enum.TryParse<NationalCloud>(entity.GetString("Cloud"), ignoreCase: true, out var c) ? c : null,
            Paused = entity.GetBoolean("Paused") ?? false,
            PausedReason = entity.GetString("PausedReason"),
            Milestones = entity.GetString("Milestones"),
            ExpiryWarningDays = entity.GetInt32("ExpiryWarningDays"),
            AdeSyncWarningHours = entity.GetInt32("AdeSyncWarningHours"),
            AdeSyncCriticalHours = entity.GetInt32("AdeSyncCriticalHours"),
            VppSyncWarningHours = entity.GetInt32("VppSyncWarningHours"),
            VppSyncCriticalHours = entity.GetInt32("VppSyncCriticalHours"),
            Origin = entity.GetString("Origin"),
        };

    private static string? Join(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : string.Join(ListSeparator, values);

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
