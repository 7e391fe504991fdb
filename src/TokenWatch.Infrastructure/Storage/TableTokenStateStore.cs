using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The <c>TokenState</c> table, one partition per tenant:
/// <list type="bullet">
/// <item><c>token|kind|id</c>: the latest observation of every token;</item>
/// <item><c>run|inverted ticks|suffix</c>: a record of every poll, newest first;</item>
/// <item><c>hist|inverted ticks|suffix|kind:id</c>: the token history, one row when a poll saw a token change
/// (added, changed, removed), with the poll's own ticks and suffix so the rows of one poll sort together;</item>
/// <item><c>ledger</c> and <c>outbox|…</c>: the tenant's alert ledger and digests (<see cref="TableAlertLedgerStore"/>),
/// here so that one query reads the ledger with the polls since its watermark (<see cref="TableEvaluationReader"/>).</item>
/// </list>
/// Keeping all three in the tenant's partition lets a whole poll be written in one transaction, and lets an
/// evaluation read just the polls and changes since its watermark with two range queries, however long the history.
/// A run row counts the history rows of its poll, so when every poll since the watermark changed nothing (the usual
/// hour) the second query is not needed. A poll too large for one transaction first writes a marker
/// (<c>run|!writing|…</c>, sorting before every run in the runs range) and removes it with its last transaction:
/// while one is there, history rows may exist that no run row counts, and the history is always read. An evaluation
/// whose watermark has passed a marker removes it: the poll that left it died, and its changes are behind the watermark.
/// <para>
/// A head row (<c>token|!head</c>, inside the token range so one query reads it with the tokens) names the newest
/// poll, so a quiet poll is one query and one transaction. Every row carries <c>SchemaVersion</c>
/// (<see cref="StorageSchema"/>); rows of version 1 have none and no head row, and are read as they are.
/// </para>
/// </summary>
public sealed class TableTokenStateStore(TableStorage storage) : ITokenStateStore, IPollHistory, ITokenHistory
{
    private const string TokenPrefix = "token|";
    internal const string RunPrefix = "run|";
    private const string HistoryPrefix = "hist|";

    /// <summary>Marks a poll written in several transactions until its last one; '!' sorts before any inverted ticks.</summary>
    private const string WritingPrefix = RunPrefix + "!writing|";

    /// <summary>Names the tenant's newest poll; '!' sorts before every token kind, so it leads the token range.</summary>
    private const string HeadRow = TokenPrefix + "!head";

    /// <summary>Longest Graph-sourced string stored; a table property holds at most 32K characters.</summary>
    private const int MaxStoredText = 4096;

    /// <summary>
    /// Polls one evaluation folds in one by one; older unevaluated polls contribute only their changes. A week of
    /// hourly polls: far more than any clean-poll or failure count needs.
    /// </summary>
    private const int MaxPollsPerEvaluation = 168;

    public async Task SaveAsync(TenantReading reading, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(reading.TenantId);
        var stored = new List<TokenObservation>();
        var storedRows = new Dictionary<string, string>(StringComparer.Ordinal);
        DateTimeOffset? newestRun = null;
        var hasHead = false;
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                TableKeys.PrefixFilter(partition, TokenPrefix),
                cancellationToken: cancellationToken
            )
        )
        {
            if (row.RowKey == HeadRow)
            {
                hasHead = true;
                newestRun = row.GetDateTimeOffset("LastRunAt");
            }
            else if (FromEntity(reading.TenantId, row) is { } token)
            {
                stored.Add(token.Observation);
                storedRows[token.Observation.Key] = row.RowKey;
            }
        }

        if (!hasHead)
        {
            // Rows of schema version 1 have no head row: the newest run is read once, and the head row written now.
            newestRun = (await LoadRunsAsync(table, reading.TenantId, RunRange(partition, null), 1, cancellationToken))
                .Runs.FirstOrDefault()
                ?.Record.StartedAt;
        }

        // Evaluations read the polls after their watermark, by time. A poll recorded before the tenant's newest one
        // (this host's clock was set back, or another host's runs ahead) would never be read, and the changes it saw
        // never told: a poll is recorded no earlier than the newest, so the order of polls is the order they ran in.
        if (newestRun is { } last && reading.ReadAt < last)
        {
            reading = reading with { ReadAt = last };
        }

        var runId = TableKeys.InvertedTicks(reading.ReadAt) + TableKeys.Separator + Guid.NewGuid().ToString("N")[..8];
        var detected = TokenChanges.Detect(stored, reading, Stored);
        var tokenActions = detected
            .Read.Select(token => Upsert(ToEntity(partition, token, reading.ReadAt)))
            .Concat(
                detected
                    .Changes.Where(c => c.Kind == TokenChangeKind.Removed)
                    .Select(c => new TableTransactionAction(
                        TableTransactionActionType.Delete,
                        new TableEntity(partition, storedRows[c.TokenKey])
                    ))
            )
            .ToList();
        var historyActions = detected
            .Changes.Select(c =>
                HistoryAction(
                    partition,
                    runId,
                    reading.ReadAt,
                    c.TokenKey,
                    c.Kind.ToString().ToLowerInvariant(),
                    c.Observation is null ? null : Stored(c.Observation)
                )
            )
            .ToList();

        // The run row goes last: a run row that exists means every change of its poll is stored.
        var runRow = new TableTransactionAction(
            TableTransactionActionType.Add,
            RunEntity(partition, RunPrefix + runId, reading, historyActions.Count)
        );
        var head = new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            HeadEntity(partition, runId, reading.ReadAt)
        );
        if (tokenActions.Count + historyActions.Count + 2 <= TableStorage.MaxBatch)
        {
            await table.SubmitTransactionAsync([.. historyActions, .. tokenActions, runRow, head], cancellationToken);
            return;
        }

        // Too large for one transaction, and storage may fail between two of them. The marker goes in with the
        // first and leaves with the run row in the last: a poll that dies in between leaves it behind, and
        // evaluations keep reading the history rows its run row would have counted. History rows go before token
        // rows: a token row is then never updated before the history row of its change exists, so a poll cut short
        // leaves tokens either changed with their history or unchanged, to be seen changing by the next poll.
        var marker = new TableEntity(partition, WritingPrefix + runId)
        {
            [StorageSchema.Property] = StorageSchema.Current,
        };
        await TableStorage.SubmitAsync(
            table,
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, marker),
                .. historyActions,
                .. tokenActions,
            ],
            cancellationToken
        );
        await table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.Delete, marker), runRow, head],
            cancellationToken
        );
    }

    public async Task<StoredTenantState> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var tokens = await LoadTokensAsync(table, tenantId, cancellationToken);
        var lastPoll = (
            await LoadRunsAsync(table, tenantId, RunRange(TableKeys.Escape(tenantId), null), 1, cancellationToken)
        ).Runs.FirstOrDefault();
        return new StoredTenantState(tenantId, tokens, lastPoll?.Record);
    }

    public async Task<PollActivity> LoadSinceAsync(
        string tenantId,
        PollWatermark? since,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        if (since is null)
        {
            // A tenant's first evaluation: the tenant as stored now is the baseline, whatever polls came before.
            var newest = (
                await LoadRunsAsync(table, tenantId, RunRange(partition, null), 1, cancellationToken)
            ).Runs.FirstOrDefault();
            if (newest is null)
            {
                return PollActivity.None;
            }

            var tokens = await LoadTokensAsync(table, tenantId, cancellationToken);
            var baseline = tokens.Select(t => new TokenChange(t.Observation.Key, t.Observation)).ToList();
            return PollActivity.Of(
                new PollSnapshot(newest.RunId, newest.Record.StartedAt, newest.Record.Failures, baseline)
            );
        }

        var (stored, markers) = await LoadRunsAsync(
            table,
            tenantId,
            RunRange(partition, since.At),
            MaxPollsPerEvaluation + since.RunIds.Count + 1,
            cancellationToken
        );
        return await FoldAsync(table, tenantId, since, stored, markers, cancellationToken);
    }

    /// <summary>
    /// The polls since <paramref name="since"/> from rows of the runs range read newest first beside the ledger
    /// (<see cref="TableEvaluationReader"/>); null when they may not reach back to the watermark (<paramref name="allRead"/>
    /// false and no row before it), so the caller reads them as <see cref="LoadSinceAsync"/> does.
    /// </summary>
    public async Task<PollActivity?> TryFoldAsync(
        string tenantId,
        PollWatermark since,
        IReadOnlyList<TableEntity> runRows,
        bool allRead,
        CancellationToken cancellationToken
    )
    {
        var runs = new List<StoredRun>();
        var markers = new List<string>();
        var reached = allRead;
        foreach (var row in runRows)
        {
            if (TableKeys.FromInvertedTicks(row.RowKey.AsSpan(RunPrefix.Length)) is { } at && at < since.At)
            {
                reached = true;
                break;
            }

            AddRun(tenantId, row, runs, markers);
        }

        if (!reached)
        {
            return null;
        }

        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        return await FoldAsync(table, tenantId, since, runs, markers, cancellationToken);
    }

    /// <summary>The polls after the watermark, from its run rows (newest first) and the markers among them.</summary>
    private async Task<PollActivity> FoldAsync(
        TableClient table,
        string tenantId,
        PollWatermark since,
        List<StoredRun> stored,
        List<string> markers,
        CancellationToken cancellationToken
    )
    {
        var partition = TableKeys.Escape(tenantId);
        var folded = new HashSet<string>(since.RunIds, StringComparer.Ordinal);
        var writing = await DropPassedMarkersAsync(table, partition, markers, since.At, cancellationToken);
        var runs = stored.Where(r => !folded.Contains(r.RunId)).ToList();
        if (runs.Count == 0)
        {
            return PollActivity.None;
        }

        var missed = runs.Count > MaxPollsPerEvaluation;
        runs = runs.Take(MaxPollsPerEvaluation).Reverse().ToList();
        if (!missed && !writing && runs.All(r => r.Changes == 0))
        {
            // Every history row since the watermark belongs to one of these polls (no poll was skipped, none is
            // half written), and they wrote none: the history query would come back empty.
            return new PollActivity(
                runs.Select(r => new PollSnapshot(r.RunId, r.Record.StartedAt, r.Record.Failures, [])).ToList(),
                [],
                false
            );
        }

        var loaded = runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var oldest = runs[0].Record.StartedAt;
        var changes = new Dictionary<string, List<TokenChange>>(StringComparer.Ordinal);
        var earlier = new List<(DateTimeOffset At, TokenChange Change)>();
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                HistoryRange(partition, since.At),
                cancellationToken: cancellationToken
            )
        )
        {
            if (ReadChange(row) is not { } change || folded.Contains(change.RunId))
            {
                continue;
            }

            if (loaded.Contains(change.RunId))
            {
                if (!changes.TryGetValue(change.RunId, out var list))
                {
                    changes[change.RunId] = list = [];
                }

                list.Add(change.ToTokenChange());
            }
            else if (change.At < oldest)
            {
                earlier.Add((change.At, change.ToTokenChange()));
            }

            // Otherwise the change belongs to a poll still being written: the next evaluation reads it with its run.
        }

        var polls = runs.Select(r => new PollSnapshot(
                r.RunId,
                r.Record.StartedAt,
                r.Record.Failures,
                changes.TryGetValue(r.RunId, out var list) ? list : []
            ))
            .ToList();
        return new PollActivity(polls, earlier.OrderBy(e => e.At).Select(e => e.Change).ToList(), missed);
    }

    /// <summary>What the polls saw change since <paramref name="from"/>, oldest first: the token history for people.</summary>
    public async Task<IReadOnlyList<ObservedChange>> ReadChangesAsync(
        string tenantId,
        DateTimeOffset from,
        string? tokenKey,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var changes = new List<ObservedChange>();
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                HistoryRange(TableKeys.Escape(tenantId), from),
                cancellationToken: cancellationToken
            )
        )
        {
            if (ReadChange(row) is { } change && (tokenKey is null || change.TokenKey == tokenKey))
            {
                changes.Add(change);
            }
        }

        changes.Reverse();
        return changes;
    }

    /// <summary>The polls since <paramref name="from"/> that could not read an endpoint, oldest first.</summary>
    public async Task<IReadOnlyList<PollRunRecord>> ReadFailedPollsAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    )
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var filter = RunRange(TableKeys.Escape(tenantId), from) + " and Succeeded eq false";
        var runs = await LoadRunsAsync(table, tenantId, filter, int.MaxValue, cancellationToken);
        return runs.Runs.Select(r => r.Record).Reverse().ToList();
    }

    private static async Task<List<StoredToken>> LoadTokensAsync(
        TableClient table,
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        var tokens = new List<StoredToken>();
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                TableKeys.PrefixFilter(TableKeys.Escape(tenantId), TokenPrefix),
                cancellationToken: cancellationToken
            )
        )
        {
            if (FromEntity(tenantId, row) is { } token)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    /// <summary>
    /// True while a marker the watermark has not passed remains. A marker older than the watermark is left by a poll
    /// that died between its transactions (a later poll has run and been folded in since): its history rows are
    /// behind the watermark and never read again, so it only cost a history query per evaluation, forever. It goes.
    /// </summary>
    private static async Task<bool> DropPassedMarkersAsync(
        TableClient table,
        string partition,
        List<string> markers,
        DateTimeOffset watermark,
        CancellationToken cancellationToken
    )
    {
        var writing = false;
        foreach (var marker in markers)
        {
            if (MarkerTime(marker) is not { } at || at >= watermark)
            {
                writing = true;
                continue;
            }

            try
            {
                // As a transaction: its keys are in the body, where '!' and '|' need no escaping in a signed URL.
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(
                            TableTransactionActionType.Delete,
                            new TableEntity(partition, marker),
                            ETag.All
                        ),
                    ],
                    cancellationToken
                );
            }
            catch (RequestFailedException)
            {
                // Left for the next evaluation; meanwhile the history is read, as it was while the marker was needed.
                writing = true;
            }
        }

        return writing;
    }

    /// <summary>The start of the poll that wrote a marker (<c>run|!writing|inverted ticks|suffix</c>).</summary>
    private static DateTimeOffset? MarkerTime(string rowKey) =>
        TableKeys.FromInvertedTicks(rowKey.AsSpan(WritingPrefix.Length));

    /// <summary>
    /// Runs matching <paramref name="filter"/>, newest first, at most <paramref name="take"/>; and the markers of polls
    /// written in several transactions that have not finished (they sort first, so they are seen whatever the take).
    /// </summary>
    private static async Task<(List<StoredRun> Runs, List<string> Markers)> LoadRunsAsync(
        TableClient table,
        string tenantId,
        string filter,
        int take,
        CancellationToken cancellationToken
    )
    {
        var runs = new List<StoredRun>();
        var writing = new List<string>();
        await foreach (
            var row in table.QueryAsync<TableEntity>(
                filter,
                maxPerPage: Math.Min(take, 1000),
                cancellationToken: cancellationToken
            )
        )
        {
            AddRun(tenantId, row, runs, writing);
            if (runs.Count >= take)
            {
                break;
            }
        }

        return (runs, writing);
    }

    /// <summary>A row of the runs range: a poll's run row, or the marker of a poll written in several transactions.</summary>
    private static void AddRun(string tenantId, TableEntity row, List<StoredRun> runs, List<string> markers)
    {
        if (row.RowKey.StartsWith(WritingPrefix, StringComparison.Ordinal))
        {
            markers.Add(row.RowKey);
            return;
        }

        runs.Add(new StoredRun(row.RowKey[RunPrefix.Length..], RunFromEntity(tenantId, row), row.GetInt32("Changes")));
    }

    /// <summary>Rows of a newest-first prefix that started at or after <paramref name="from"/> (all of them for null).</summary>
    private static string Since(string partition, string prefix, DateTimeOffset? from) =>
        from is { } at
            ? $"{TableKeys.PartitionFilter(partition)} and RowKey ge '{prefix}' and RowKey lt '{prefix}{TableKeys.InvertedTicks(at)}{TableKeys.Separator}{char.MaxValue}'"
            : TableKeys.PrefixFilter(partition, prefix);

    private static string RunRange(string partition, DateTimeOffset? from) => Since(partition, RunPrefix, from);

    private static string HistoryRange(string partition, DateTimeOffset? from) => Since(partition, HistoryPrefix, from);

    private static TableTransactionAction HistoryAction(
        string partition,
        string runId,
        DateTimeOffset at,
        string tokenKey,
        string change,
        TokenObservation? observation
    )
    {
        var entity = new TableEntity(
            partition,
            HistoryPrefix + runId + TableKeys.Separator + TableKeys.Escape(tokenKey)
        )
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["TokenKey"] = tokenKey,
            ["RunId"] = runId,
            ["At"] = at,
            ["Change"] = change,
        };
        if (observation is not null)
        {
            TableBlobs.Write(
                entity,
                "Observation",
                JsonSerializer.SerializeToUtf8Bytes(observation, AlertJson.Options)
            );
        }

        return new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    private static ObservedChange? ReadChange(TableEntity row)
    {
        if (
            row.GetString("TokenKey") is not { } tokenKey
            || row.GetString("RunId") is not { } runId
            || row.GetDateTimeOffset("At") is not { } at
        )
        {
            return null;
        }

        var json = TableBlobs.Read(row, "Observation");
        var observation = json is null ? null : JsonSerializer.Deserialize<TokenObservation>(json, AlertJson.Options);
        return new ObservedChange(runId, at, tokenKey, row.GetString("Change") ?? "changed", observation);
    }

    /// <summary>The observation as the <c>token|</c> row keeps it (long text capped), so that a diff compares like with like.</summary>
    private static TokenObservation Stored(TokenObservation token) =>
        token with
        {
            Id = Cap(token.Id)!,
            Name = Cap(token.Name),
            Organization = Cap(token.Organization),
            Location = Cap(token.Location),
            LastAction = Cap(token.LastAction),
            AppleId = Cap(token.AppleId),
            State = Cap(token.State),
            SyncStatus = Cap(token.SyncStatus),
            FailureReason = Cap(token.FailureReason),
            TopicId = Cap(token.TopicId),
            TokenType = Cap(token.TokenType),
            Problems = token.Problems.Count == 0 ? [] : Cap(string.Join('\n', token.Problems))!.Split('\n'),
        };

    private static TableTransactionAction Upsert(TableEntity entity) =>
        new(TableTransactionActionType.UpsertReplace, entity);

    private static TableEntity ToEntity(string partition, TokenObservation token, DateTimeOffset observedAt) =>
        new(partition, TokenPrefix + TableKeys.Join(token.Kind.ToSlug(), token.Id))
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["Kind"] = token.Kind.ToSlug(),
            ["TokenId"] = Cap(token.Id),
            ["Name"] = Cap(token.Name),
            ["Organization"] = Cap(token.Organization),
            ["Location"] = Cap(token.Location),
            ["LastAction"] = Cap(token.LastAction),
            ["AppleId"] = Cap(token.AppleId),
            ["ExpiresAt"] = token.ExpiresAt,
            ["LastSyncAt"] = token.LastSyncAt,
            ["LastSyncAttemptAt"] = token.LastSyncAttemptAt,
            ["SyncErrorCode"] = token.SyncErrorCode,
            ["State"] = Cap(token.State),
            ["SyncStatus"] = Cap(token.SyncStatus),
            ["FailureReason"] = Cap(token.FailureReason),
            ["TopicId"] = Cap(token.TopicId),
            ["TokenType"] = Cap(token.TokenType),
            ["NotConfigured"] = token.NotConfigured,
            ["Problems"] = token.Problems.Count == 0 ? null : Cap(string.Join('\n', token.Problems)),
            ["ObservedAt"] = observedAt,
        };

    private static StoredToken? FromEntity(string tenantId, TableEntity row)
    {
        if (!TokenKindNames.TryParseSlug(row.GetString("Kind"), out var kind) || row.GetString("TokenId") is not { } id)
        {
            return null;
        }

        var observation = new TokenObservation
        {
            TenantId = tenantId,
            Kind = kind,
            Id = id,
            Name = row.GetString("Name"),
            Organization = row.GetString("Organization"),
            Location = row.GetString("Location"),
            LastAction = row.GetString("LastAction"),
            AppleId = row.GetString("AppleId"),
            ExpiresAt = row.GetDateTimeOffset("ExpiresAt"),
            LastSyncAt = row.GetDateTimeOffset("LastSyncAt"),
            LastSyncAttemptAt = row.GetDateTimeOffset("LastSyncAttemptAt"),
            SyncErrorCode = row.GetInt32("SyncErrorCode"),
            State = row.GetString("State"),
            SyncStatus = row.GetString("SyncStatus"),
            FailureReason = row.GetString("FailureReason"),
            TopicId = row.GetString("TopicId"),
            TokenType = row.GetString("TokenType"),
            NotConfigured = row.GetBoolean("NotConfigured") ?? false,
            Problems = row.GetString("Problems")?.Split('\n') ?? [],
        };
        return new StoredToken(observation, row.GetDateTimeOffset("ObservedAt") ?? DateTimeOffset.MinValue);
    }

    private static TableEntity RunEntity(string partition, string rowKey, TenantReading reading, int changes) =>
        new(partition, rowKey)
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["StartedAt"] = reading.ReadAt,
            ["Changes"] = changes,
            ["TokenCount"] = reading.Tokens.Count,
            ["Succeeded"] = reading.Failures.Count == 0,
            ["Failures"] =
                reading.Failures.Count == 0
                    ? null
                    : Cap(
                        JsonSerializer.Serialize(
                            reading.Failures.Select(f => new StoredFailure(
                                f.Kind.ToSlug(),
                                f.Code,
                                f.Message,
                                f.Fix,
                                f.RequestId,
                                f.ClientRequestId
                            ))
                        )
                    ),
        };

    private static TableEntity HeadEntity(string partition, string runId, DateTimeOffset at) =>
        new(partition, HeadRow)
        {
            [StorageSchema.Property] = StorageSchema.Current,
            ["LastRunId"] = runId,
            ["LastRunAt"] = at,
        };

    private static PollRunRecord RunFromEntity(string tenantId, TableEntity row)
    {
        var failures = row.GetString("Failures") is { } json
            ? (JsonSerializer.Deserialize<List<StoredFailure>>(json) ?? [])
                .Select(f => new PollFailure(
                    TokenKindNames.TryParseSlug(f.Kind, out var k) ? k : TokenKind.Ade,
                    f.Code,
                    f.Message,
                    f.Fix,
                    f.RequestId,
                    f.ClientRequestId
                ))
                .ToList()
            : [];
        return new PollRunRecord(
            tenantId,
            row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue,
            row.GetInt32("TokenCount") ?? 0,
            failures
        );
    }

    private static string? Cap(string? value) => value is { Length: > MaxStoredText } ? value[..MaxStoredText] : value;

    /// <param name="Changes">History rows its poll wrote; null for runs stored before they were counted.</param>
    private sealed record StoredRun(string RunId, PollRunRecord Record, int? Changes);

    private sealed record StoredFailure(
        string Kind,
        string Code,
        string Message,
        string Fix,
        string? RequestId,
        string? ClientRequestId
    );
}
