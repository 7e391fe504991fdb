using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Each tenant's ledger and outbox, in the tenant's partition of the <c>TokenState</c> table beside its tokens and
/// polls (schema version 3; before, they had a table of their own, <c>AlertLedger</c>, read once more on upgrade):
/// <list type="bullet">
/// <item><c>ledger</c>: the tenant's <see cref="AlertLedger"/> (gzip JSON), with a pointer to the digest still to send;</item>
/// <item><c>outbox|digest id</c>: every digest, written before it is sent and marked after (digest ids start with
/// their UTC time, so the outbox reads in order); events of snoozed tokens are kept here too, never sent.</item>
/// </list>
/// The ledger is one row on purpose: an evaluation's claim is then one transaction of at most three rows (the
/// ledger replaced If-Match its loaded ETag, the new digest added, the digest it supersedes replaced If-Match),
/// whatever the number of tokens, and two evaluators that decided the same events cannot both record them. Its size
/// follows the tenant's current tokens, not its history. Beside the polls, one query reads the ledger with the
/// polls since its watermark (<see cref="TableEvaluationReader"/>).
/// </summary>
public sealed class TableAlertLedgerStore(TableStorage storage) : IAlertLedgerStore, IOutboxHistory
{
    internal const string LedgerRow = "ledger";
    private const string OutboxPrefix = "outbox|";
    private const int MaxText = 4096;
    private const int MaxUpdateAttempts = 10;

    /// <summary>
    /// How far the stored watermark may lag behind the polls folded in before a quiet evaluation writes it: folding
    /// a quiet poll into a ledger it leaves unchanged is a no-op, so the next evaluation folds them again for free.
    /// </summary>
    private static readonly TimeSpan MaxWatermarkLag = TimeSpan.FromHours(24);

    public async Task<StoredLedger> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var row = await GetRowAsync(table, TableKeys.Escape(tenantId), LedgerRow, cancellationToken);
        return await ReadAsync(tenantId, row, cancellationToken);
    }

    /// <summary>
    /// The stored ledger from its row as a query or a point read returned it, with the digest it names as pending.
    /// No row: the tenant has no ledger yet, or it is still in the table of schema version 2 and is moved now.
    /// </summary>
    public async Task<StoredLedger> ReadAsync(string tenantId, TableEntity? row, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        row ??= await MoveFromPreviousTableAsync(table, partition, cancellationToken);
        if (row is null)
        {
            return new StoredLedger(tenantId, AlertLedger.Empty, null, null);
        }

        var ledger = TableBlobs.Read(row, "Ledger") is { } json ? AlertJson.DeserializeLedger(json) : AlertLedger.Empty;
        OutboxEntry? pending = null;
        if (
            row.GetString("PendingDigest") is { Length: > 0 } digestId
            && await GetRowAsync(table, partition, OutboxKey(digestId), cancellationToken) is { } outboxRow
            && FromEntity(tenantId, outboxRow) is { Status: OutboxStatus.Pending } entry
        )
        {
            pending = entry;
        }

        return new StoredLedger(tenantId, ledger, row.ETag.ToString(), pending);
    }

    /// <summary>
    /// Copies a ledger of schema version 2 (table <c>AlertLedger</c>) and the digest it names as pending into the
    /// tenant's <c>TokenState</c> partition, in one transaction, and returns the copied ledger row; null when there
    /// is none. Of two evaluations moving it at once, one adds it and the other reads what it added.
    /// </summary>
    private async Task<TableEntity?> MoveFromPreviousTableAsync(
        TableClient table,
        string partition,
        CancellationToken cancellationToken
    )
    {
        if (await PreviousRowAsync(partition, LedgerRow, cancellationToken) is not { } ledger)
        {
            return null;
        }

        var moves = new List<TableTransactionAction> { new(TableTransactionActionType.Add, Copy(ledger)) };
        if (
            ledger.GetString("PendingDigest") is { Length: > 0 } digestId
            && await PreviousRowAsync(partition, OutboxKey(digestId), cancellationToken) is { } digest
        )
        {
            moves.Add(new TableTransactionAction(TableTransactionActionType.Add, Copy(digest)));
        }

        try
        {
            await table.SubmitTransactionAsync(moves, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another evaluation moved it first.
        }

        return await GetRowAsync(table, partition, LedgerRow, cancellationToken);
    }

    /// <summary>A row of the table of schema version 2; null where it, or the whole table, is not there.</summary>
    private Task<TableEntity?> PreviousRowAsync(string partition, string rowKey, CancellationToken cancellationToken) =>
        storage.ReadPreviousAsync(TableStorage.AlertLedgerTable, async table =>
            (await table.GetEntityAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken)).Value
        );

    /// <summary>A row's key and properties, without what the service sets (ETag, timestamp).</summary>
    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    private static async Task<TableEntity?> GetRowAsync(
        TableClient table,
        string partition,
        string rowKey,
        CancellationToken cancellationToken
    )
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            partition,
            rowKey,
            cancellationToken: cancellationToken
        );
        return row.HasValue ? row.Value : null;
    }

    public async Task<StoredLedger?> TryCommitAsync(
        StoredLedger loaded,
        AlertLedger next,
        OutboxEntry? digest,
        OutboxEntry? snoozed,
        CancellationToken cancellationToken
    )
    {
        var json = AlertJson.Serialize(next);
        if (
            digest is null
            && snoozed is null
            && loaded.Version is not null
            && (
                json.AsSpan().SequenceEqual(AlertJson.Serialize(loaded.Ledger))
                || OnlyWatermarkMoved(loaded.Ledger, next)
            )
        )
        {
            return loaded;
        }

        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
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
                actions.Add(
                    new TableTransactionAction(
                        TableTransactionActionType.UpdateReplace,
                        ToEntity(
                            partition,
                            superseded with
                            {
                                Status = OutboxStatus.Superseded,
                                LeaseUntil = null,
                                LastError = $"Sent as part of {digest.DigestId}.",
                            }
                        ),
                        new ETag(superseded.Version!)
                    )
                );
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
            var pending = digest is null
                ? loaded.Pending
                : digest with
                {
                    Version = responses[1].Headers.ETag?.ToString(),
                };
            return new StoredLedger(loaded.TenantId, next, responses[0].Headers.ETag?.ToString(), pending);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="next"/> differs from the loaded ledger only by a watermark less than a day on.</summary>
    private static bool OnlyWatermarkMoved(AlertLedger loaded, AlertLedger next) =>
        loaded.Watermark is { } from
        && next.Watermark is { } to
        && to.At - from.At < MaxWatermarkLag
        && AlertJson.Serialize(next with { Watermark = from }).AsSpan().SequenceEqual(AlertJson.Serialize(loaded));

    public async Task<OutboxEntry?> TryLeaseAsync(
        OutboxEntry pending,
        DateTimeOffset until,
        CancellationToken cancellationToken
    )
    {
        var leased = pending with { LeaseUntil = until, Attempts = pending.Attempts + 1 };
        return await TryReplaceAsync(leased, pending.Version!, cancellationToken);
    }

    public Task<OutboxEntry?> TryRecordAsync(
        OutboxEntry leased,
        OutboxEntry next,
        CancellationToken cancellationToken
    ) => TryReplaceAsync(next, leased.Version!, cancellationToken);

    public async Task<AlertLedger> UpdateAsync(
        string tenantId,
        Func<AlertLedger, AlertLedger> change,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(tenantId, cancellationToken);
            var next = change(loaded.Ledger);
            try
            {
                var action = LedgerAction(
                    partition,
                    next,
                    AlertJson.Serialize(next),
                    loaded.Pending?.DigestId,
                    loaded.Version
                );
                await WriteAsync(table, action, cancellationToken);
                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxUpdateAttempts)
            {
                // An evaluation saved the ledger meanwhile: apply the change to its version.
            }
        }
    }

    /// <summary>
    /// The outbox since <paramref name="from"/>, oldest first: what was sent, is pending, failed or was snoozed;
    /// with the digests still in the table of schema version 2, so the history reaches back past an upgrade.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    )
    {
        var entries = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        var filter =
            $"{TableKeys.PartitionFilter(TableKeys.Escape(tenantId))} and RowKey ge '{OutboxPrefix}{from.UtcDateTime:yyyyMMddHHmmss}' and RowKey lt '{OutboxPrefix}{char.MaxValue}'";
        var current = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        await ReadOutboxRowsAsync(current, tenantId, filter, entries, cancellationToken);
        // Digests from before schema version 3, where the store was upgraded.
        await storage.ReadPreviousAsync(TableStorage.AlertLedgerTable, async table =>
        {
            await ReadOutboxRowsAsync(table, tenantId, filter, entries, cancellationToken);
            return entries;
        });

        return entries.Values.OrderBy(e => e.CreatedAt).ToList();
    }

    private static async Task ReadOutboxRowsAsync(
        TableClient table,
        string tenantId,
        string filter,
        Dictionary<string, OutboxEntry> entries,
        CancellationToken cancellationToken
    )
    {
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (FromEntity(tenantId, row) is { } entry)
            {
                entries.TryAdd(entry.DigestId, entry);
            }
        }
    }

    private async Task<OutboxEntry?> TryReplaceAsync(
        OutboxEntry entry,
        string version,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(
                ToEntity(TableKeys.Escape(entry.TenantId), entry),
                new ETag(version),
                TableUpdateMode.Replace,
                cancellationToken
            );
            return entry with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One ledger action as a single-entity request, with the same guard as in a transaction.</summary>
    private static Task<Response> WriteAsync(
        TableClient table,
        TableTransactionAction action,
        CancellationToken cancellationToken
    ) =>
        action.ActionType switch
        {
            TableTransactionActionType.Add => table.AddEntityAsync(action.Entity, cancellationToken),
            TableTransactionActionType.UpdateReplace => table.UpdateEntityAsync(
                action.Entity,
                action.ETag,
                TableUpdateMode.Replace,
                cancellationToken
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(action),
                action.ActionType,
                "A ledger is only added or replaced."
            ),
        };

    private static TableTransactionAction LedgerAction(
        string partition,
        AlertLedger ledger,
        byte[] json,
        string? pendingDigest,
        string? version
    )
    {
        var entity = new TableEntity(partition, LedgerRow)
        {
            [StorageSchema.Property] = StorageSchema.Current,
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
            [StorageSchema.Property] = StorageSchema.Current,
            ["DigestId"] = entry.DigestId,
            ["Status"] = entry.Status.ToString(),
            ["CreatedAt"] = entry.CreatedAt,
            ["Severity"] = entry.Severity.ToSlug(),
            ["EventCount"] = entry.Events.Count,
            ["Summary"] = Cap(
                string.Join(
                    '\n',
                    entry.Events.Select(e => $"{e.Kind}: {EventWording.Title(e)} {EventWording.Headline(e)}")
                )
            ),
            ["TokenKeys"] = Cap(
                "|"
                    + string.Join(
                        '|',
                        entry.Events.Select(e => e.Token?.Key).OfType<string>().Distinct(StringComparer.Ordinal)
                    )
                    + "|"
            ),
            ["Attempts"] = entry.Attempts,
            ["LeaseUntil"] = entry.LeaseUntil,
            ["LastError"] = Cap(entry.LastError),
            ["SentAt"] = entry.SentAt,
            ["Subject"] = Cap(entry.Subject),
            ["Recipients"] = entry.Recipients.Count == 0 ? null : Cap(string.Join(", ", entry.Recipients)),
            ["Channels"] = entry.Channels.Count == 0 ? null : AlertJson.Serialize(entry.Channels),
        };
        TableBlobs.Write(entity, "Events", AlertJson.Serialize(entry.Events));
        return entity;
    }

    private static OutboxEntry? FromEntity(string tenantId, TableEntity row)
    {
        if (
            row.GetString("DigestId") is not { } digestId
            || !Enum.TryParse<OutboxStatus>(row.GetString("Status"), out var status)
            || row.GetDateTimeOffset("CreatedAt") is not { } createdAt
        )
        {
            return null;
        }

        var events = TableBlobs.Read(row, "Events") is { } json ? AlertJson.DeserializeEvents(json) : [];
        return new OutboxEntry
        {
            DigestId = digestId,
            TenantId = tenantId,
            CreatedAt = createdAt,
            Status = status,
            Events = events,
            Channels = row.GetString("Channels") is { Length: > 0 } channels
                ? AlertJson.DeserializeChannels(channels)
                : EmailOnly(status, events.Count, row.GetInt32("Attempts") ?? 0),
            Attempts = row.GetInt32("Attempts") ?? 0,
            LeaseUntil = row.GetDateTimeOffset("LeaseUntil"),
            LastError = row.GetString("LastError"),
            SentAt = row.GetDateTimeOffset("SentAt"),
            Subject = row.GetString("Subject"),
            Recipients = row.GetString("Recipients")?.Split(", ") ?? [],
            Version = row.ETag.ToString(),
        };
    }

    /// <summary>A digest stored before channels existed was an email carrying all of its events.</summary>
    private static Dictionary<DeliveryChannel, ChannelDelivery> EmailOnly(
        OutboxStatus status,
        int events,
        int attempts
    ) =>
        status is OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Failed
            ? new()
            {
                [DeliveryChannel.Email] = new ChannelDelivery
                {
                    Status = status,
                    Events = [.. Enumerable.Range(0, events)],
                    Attempts = attempts,
                },
            }
            : [];

    private static string? Cap(string? value) => value is { Length: > MaxText } ? value[..MaxText] : value;
}
