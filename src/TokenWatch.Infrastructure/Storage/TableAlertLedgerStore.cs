using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The <c>AlertLedger</c> table, one partition per tenant:
/// <list type="bullet">
/// <item><c>ledger</c>: the tenant's <see cref="AlertLedger"/> (gzip JSON), with a pointer to the digest still to send;</item>
/// <item><c>outbox|digest id</c>: every digest, written before it is sent and marked after (digest ids start with
/// their UTC time, so the outbox reads in order); events of snoozed tokens are kept here too, never sent.</item>
/// </list>
/// The ledger is one row on purpose: an evaluation's claim is then one transaction of at most three rows (the
/// ledger replaced If-Match its loaded ETag, the new digest added, the digest it supersedes replaced If-Match),
/// whatever the number of tokens, and two evaluators that decided the same events cannot both record them. Its size
/// follows the tenant's current tokens, not its history.
/// </summary>
public sealed class TableAlertLedgerStore(TableStorage storage) : IAlertLedgerStore
{
    private const string LedgerRow = "ledger";
    private const string OutboxPrefix = "outbox|";
    private const int MaxText = 4096;
    private const int MaxUpdateAttempts = 10;

    public async Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        var (row, ledger) = await LoadLedgerRowAsync(table, partition, cancellationToken);
        OutboxEntry? pending = null;
        if (row?.GetString("PendingDigest") is { Length: > 0 } digestId)
        {
            var outbox = await table.GetEntityIfExistsAsync<TableEntity>(partition, OutboxKey(digestId), cancellationToken: cancellationToken);
            if (outbox.HasValue && outbox.Value is { } outboxRow && FromEntity(tenantId, outboxRow) is { Status: OutboxStatus.Pending } entry)
            {
                pending = entry;
            }
        }

        return new StoredLedger(tenantId, ledger, row?.ETag.ToString(), pending);
    }

    public async Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded, AlertLedger next, OutboxEntry? digest, OutboxEntry? snoozed, CancellationToken cancellationToken)
    {
        var json = AlertJson.Serialize(next);
        if (digest is null && snoozed is null && loaded.Version is not null && json.AsSpan().SequenceEqual(AlertJson.Serialize(loaded.Ledger)))
        {
            return loaded;
        }

        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var partition = TableKeys.Escape(loaded.TenantId);
        var actions = new List<TableTransactionAction>
        {
            LedgerAction(partition, next, json, digest?.DigestId ?? loaded.Pending?.DigestId, loaded.Version),
        };
        if (digest is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, digest)));
            if (loaded.Pending is { } superseded)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace,
                    ToEntity(partition, superseded with { Status = OutboxStatus.Superseded, LeaseUntil = null, LastError = $"Sent as part of {digest.DigestId}." }),
                    new ETag(superseded.Version!)));
            }
        }

        if (snoozed is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partition, snoozed)));
        }

        try
        {
            if (actions.Count == 1)
            {
                // Most evaluations only move the ledger on (its watermark): one guarded write, without the cost of a
                // transaction's multipart envelope. The guard is the same: If-Match the loaded ETag, or add-only.
                var written = await WriteAsync(table, actions[0], cancellationToken);
                return new StoredLedger(loaded.TenantId, next, written.Headers.ETag?.ToString(), loaded.Pending);
            }

            var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
            var pending = digest is null ? loaded.Pending : digest with { Version = responses[1].Headers.ETag?.ToString() };
            return new StoredLedger(loaded.TenantId, next, responses[0].Headers.ETag?.ToString(), pending);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task<OutboxEntry?> TryLeaseAsync(OutboxEntry pending, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var leased = pending with { LeaseUntil = until, Attempts = pending.Attempts + 1 };
        return await TryReplaceAsync(leased, pending.Version!, cancellationToken);
    }

    public async Task<bool> MarkSentAsync(OutboxEntry leased, OutgoingEmail email, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sent = leased with
        {
            Status = OutboxStatus.Sent,
            SentAt = at,
            LeaseUntil = null,
            LastError = null,
            Subject = email.Subject,
            Recipients = email.Recipients,
        };
        return await TryReplaceAsync(sent, leased.Version!, cancellationToken) is not null;
    }

    public async Task MarkFailedAsync(OutboxEntry leased, string error, bool permanent, CancellationToken cancellationToken)
    {
        var failed = leased with { Status = permanent ? OutboxStatus.Failed : OutboxStatus.Pending, LeaseUntil = null, LastError = error };
        await TryReplaceAsync(failed, leased.Version!, cancellationToken);
    }

    public async Task<AlertLedger> UpdateAsync(string tenantId, Func<AlertLedger, AlertLedger> change, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        for (var attempt = 1; ; attempt++)
        {
            var (row, ledger) = await LoadLedgerRowAsync(table, partition, cancellationToken);
            var next = change(ledger);
            try
            {
                var action = LedgerAction(partition, next, AlertJson.Serialize(next), row?.GetString("PendingDigest"), row?.ETag.ToString());
                await WriteAsync(table, action, cancellationToken);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxUpdateAttempts)
            {
                // An evaluation saved the ledger meanwhile: apply the change to its version.
            }
        }
    }

    /// <summary>The outbox since <paramref name="from"/>, oldest first: what was sent, is pending, failed or was snoozed.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string tenantId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        var filter = $"{TableKeys.PartitionFilter(partition)} and RowKey ge '{OutboxPrefix}{from.UtcDateTime:yyyyMMddHHmmss}' and RowKey lt '{OutboxPrefix}{char.MaxValue}'";
        var entries = new List<OutboxEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (FromEntity(tenantId, row) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries.OrderBy(e => e.CreatedAt).ToList();
    }

    private static async Task<(TableEntity? Row, AlertLedger Ledger)> LoadLedgerRowAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, LedgerRow, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return (null, AlertLedger.Empty);
        }

        return (entity, TableBlobs.Read(entity, "Ledger") is { } json ? AlertJson.DeserializeLedger(json) : AlertLedger.Empty);
    }

    private async Task<OutboxEntry?> TryReplaceAsync(OutboxEntry entry, string version, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.AlertLedgerTable, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(TableKeys.Escape(entry.TenantId), entry), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return entry with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One ledger action as a single-entity request, with the same guard as in a transaction.</summary>
    private static Task<Response> WriteAsync(TableClient table, TableTransactionAction action, CancellationToken cancellationToken) =>
        action.ActionType switch
        {
            TableTransactionActionType.Add => table.AddEntityAsync(action.Entity, cancellationToken),
            TableTransactionActionType.UpdateReplace => table.UpdateEntityAsync(action.Entity, action.ETag, TableUpdateMode.Replace, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "A ledger is only added or replaced."),
        };

    private static TableTransactionAction LedgerAction(string partition, AlertLedger ledger, byte[] json, string? pendingDigest, string? version)
    {
        var entity = new TableEntity(partition, LedgerRow)
        {
            ["PendingDigest"] = pendingDigest,
            ["PolledUntil"] = ledger.Watermark?.At,
            ["Tokens"] = ledger.Tokens.Count,
            ["OpenAlerts"] = ledger.Tokens.Values.Sum(t => t.Alerts.Count),
            ["Snoozes"] = ledger.Snoozes.Count,
        };
        TableBlobs.Write(entity, "Ledger", json);
        return version is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(version));
    }

    private static string OutboxKey(string digestId) => OutboxPrefix + TableKeys.Escape(digestId);

    private static TableEntity ToEntity(string partition, OutboxEntry entry)
    {
        var entity = new TableEntity(partition, OutboxKey(entry.DigestId))
        {
            ["DigestId"] = entry.DigestId,
            ["Status"] = entry.Status.ToString(),
            ["CreatedAt"] = entry.CreatedAt,
            ["Severity"] = entry.Severity.ToSlug(),
            ["EventCount"] = entry.Events.Count,
            ["Summary"] = Cap(string.Join('\n', entry.Events.Select(e => $"{e.Kind}: {EventWording.Title(e)} {EventWording.Headline(e)}"))),
            ["TokenKeys"] = Cap("|" + string.Join('|', entry.Events.Select(e => e.Token?.Key).OfType<string>().Distinct(StringComparer.Ordinal)) + "|"),
            ["Attempts"] = entry.Attempts,
            ["LeaseUntil"] = entry.LeaseUntil,
            ["LastError"] = Cap(entry.LastError),
            ["SentAt"] = entry.SentAt,
            ["Subject"] = Cap(entry.Subject),
            ["Recipients"] = entry.Recipients.Count == 0 ? null : Cap(string.Join(", ", entry.Recipients)),
        };
        TableBlobs.Write(entity, "Events", AlertJson.Serialize(entry.Events));
        return entity;
    }

    private static OutboxEntry? FromEntity(string tenantId, TableEntity row)
    {
        if (row.GetString("DigestId") is not { } digestId || !Enum.TryParse<OutboxStatus>(row.GetString("Status"), out var status)
            || row.GetDateTimeOffset("CreatedAt") is not { } createdAt)
        {
            return null;
        }

        return new OutboxEntry
        {
            DigestId = digestId,
            TenantId = tenantId,
            CreatedAt = createdAt,
            Status = status,
            Events = TableBlobs.Read(row, "Events") is { } json ? AlertJson.DeserializeEvents(json) : [],
            Attempts = row.GetInt32("Attempts") ?? 0,
            LeaseUntil = row.GetDateTimeOffset("LeaseUntil"),
            LastError = row.GetString("LastError"),
            SentAt = row.GetDateTimeOffset("SentAt"),
            Subject = row.GetString("Subject"),
            Recipients = row.GetString("Recipients")?.Split(", ") ?? [],
            Version = row.ETag.ToString(),
        };
    }

    private static string? Cap(string? value) => value is { Length: > MaxText } ? value[..MaxText] : value;
}
