using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Actions;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The audit in the tenant's own partition of <c>TokenState</c>, beside its ledger: <c>audit|&lt;newest first&gt;|…</c>
/// rows, and an <c>actlink|&lt;link id&gt;</c> row per link used, added in the same transaction, so a link acts once
/// (a second use finds the row there and the transaction fails whole).
/// </summary>
public sealed class TableAlertAudit(TableStorage storage) : IAlertAudit
{
    private const string AuditPrefix = "audit|";
    private const string LinkPrefix = "actlink|";

    public async Task<bool> TryAppendAsync(string tenantId, AuditEntry entry, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var partition = TableKeys.Tenant(tenantId);
        var rowKey = $"{AuditPrefix}{TableKeys.InvertedTicks(entry.At)}|{Guid.NewGuid():N}";
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, Row(partition, rowKey, entry)),
        };
        if (entry.LinkId is { } linkId)
        {
            var used = new TableEntity(partition, LinkPrefix + TableKeys.Escape(linkId))
            {
                ["At"] = entry.At,
                ["ExpiresAt"] = entry.LinkExpiresAt,
            };
            actions.Insert(0, new(TableTransactionActionType.Add, used));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> WasUsedAsync(string tenantId, string linkId, CancellationToken cancellationToken)
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var key = LinkPrefix + TableKeys.Escape(linkId);
        return await TableStorage.GetRowAsync(table, TableKeys.Tenant(tenantId), key, cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(
        string tenantId,
        DateTimeOffset since,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TenantStateAsync(tenantId, cancellationToken);
        var partition = TableKeys.Tenant(tenantId);
        // Newest first, and only as far back as asked: the inverted time of "since" bounds the key range.
        var filter =
            $"PartitionKey eq '{partition.Replace("'", "''", StringComparison.Ordinal)}' and RowKey ge '{AuditPrefix}' "
            + $"and RowKey lt '{AuditPrefix}{TableKeys.InvertedTicks(since)}~'";
        var entries = new List<AuditEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(Read(row));
        }

        return entries;
    }

    private static TableEntity Row(string partition, string rowKey, AuditEntry entry) =>
        new(partition, rowKey)
        {
            ["SchemaVersion"] = 1,
            ["At"] = entry.At,
            ["Action"] = entry.Action.ToString(),
            ["TokenKey"] = entry.TokenKey,
            ["Condition"] = entry.Condition,
            ["Until"] = entry.Until,
            ["Reason"] = entry.Reason,
            ["By"] = entry.By,
            ["DigestId"] = entry.DigestId,
            ["LinkId"] = entry.LinkId,
            ["IncidentId"] = entry.IncidentId,
        };

    private static AuditEntry Read(TableEntity row) =>
        new()
        {
            At = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            Action = Enum.TryParse<AuditedAction>(row.GetString("Action"), out var action)
                ? action
                : AuditedAction.Snooze,
            TokenKey = row.GetString("TokenKey") ?? "",
            Condition = row.GetString("Condition"),
            Until = row.GetDateTimeOffset("Until"),
            Reason = row.GetString("Reason") ?? "",
            By = row.GetString("By") ?? "",
            DigestId = row.GetString("DigestId"),
            LinkId = row.GetString("LinkId"),
            IncidentId = row.GetString("IncidentId"),
        };
}
