using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>The <c>AlertLedger</c> table: one partition per tenant, one row per alert key (token and condition).</summary>
public sealed class TableAlertLedgerStore(TableStorage storage) : IAlertLedgerStore
{
    public async Task<IReadOnlyList<LedgerEntry>> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var entries = new List<LedgerEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PartitionFilter(TableKeys.Escape(tenantId)), cancellationToken: cancellationToken))
        {
            if (row.GetString("TokenKey") is { } tokenKey && row.GetString("Condition") is { } condition
                && Enum.TryParse<HealthStatus>(row.GetString("Severity"), out var severity))
            {
                entries.Add(new LedgerEntry(tokenKey, condition, severity,
                    row.GetDateTimeOffset("OpenedAt") ?? DateTimeOffset.MinValue,
                    row.GetDateTimeOffset("NotifiedAt") ?? DateTimeOffset.MinValue));
            }
        }

        return entries;
    }

    public async Task ApplyAsync(string tenantId, AlertDecision decision, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        var actions = decision.Upserts
            .Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, TableKeys.Escape(e.AlertKey))
            {
                ["TokenKey"] = e.TokenKey,
                ["Condition"] = e.Condition,
                ["Severity"] = e.Severity.ToString(),
                ["OpenedAt"] = e.OpenedAt,
                ["NotifiedAt"] = e.NotifiedAt,
            }))
            .Concat(decision.RemovedAlertKeys.Select(k =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.Escape(k)))))
            .ToList();
        await TableStorage.SubmitAsync(table, actions, cancellationToken);
    }
}
