using System.Text.Json;
using Azure.Data.Tables;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The <c>TokenState</c> table, one partition per tenant: the latest observation of every token
/// (<c>token|kind|id</c>) and a record of every poll (<c>run|inverted ticks</c>, newest first). Keeping both in the
/// tenant's partition lets a whole poll be written in one transaction.
/// </summary>
public sealed class TableTokenStateStore(TableStorage storage) : ITokenStateStore
{
    private const string TokenPrefix = "token|";
    private const string RunPrefix = "run|";

    /// <summary>Longest Graph-sourced string stored; a table property holds at most 32K characters.</summary>
    private const int MaxStoredText = 4096;

    public async Task SaveAsync(TenantReading reading, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(reading.TenantId);
        var stored = new List<(string RowKey, TokenKind Kind)>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PrefixFilter(partition, TokenPrefix),
                           select: ["RowKey", "Kind"], cancellationToken: cancellationToken))
        {
            if (TokenKindNames.TryParseSlug(row.GetString("Kind"), out var kind))
            {
                stored.Add((row.RowKey, kind));
            }
        }

        var actions = new List<TableTransactionAction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in reading.Tokens.Where(t => reading.Succeeded(t.Kind)))
        {
            var entity = ToEntity(partition, token, reading.ReadAt);
            if (seen.Add(entity.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            }
        }

        // A token gone from an endpoint that answered is gone; an endpoint that failed keeps its last good state.
        actions.AddRange(stored
            .Where(s => reading.Succeeded(s.Kind) && !seen.Contains(s.RowKey))
            .Select(s => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, s.RowKey))));
        actions.Add(new TableTransactionAction(TableTransactionActionType.Add, RunEntity(partition, reading)));
        await TableStorage.SubmitAsync(table, actions, cancellationToken);
    }

    public async Task<StoredTenantState> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableStorage.TokenStateTable, cancellationToken);
        var partition = TableKeys.Escape(tenantId);
        var tokens = new List<StoredToken>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PrefixFilter(partition, TokenPrefix), cancellationToken: cancellationToken))
        {
            if (FromEntity(tenantId, row) is { } token)
            {
                tokens.Add(token);
            }
        }

        PollRunRecord? lastPoll = null;
        await foreach (var row in table.QueryAsync<TableEntity>(TableKeys.PrefixFilter(partition, RunPrefix), maxPerPage: 1,
                           cancellationToken: cancellationToken))
        {
            lastPoll = RunFromEntity(tenantId, row);
            break;
        }

        return new StoredTenantState(tenantId, tokens, lastPoll);
    }

    private static TableEntity ToEntity(string partition, TokenObservation token, DateTimeOffset observedAt) =>
        new(partition, TokenPrefix + TableKeys.Join(token.Kind.ToSlug(), token.Id))
        {
            ["Kind"] = token.Kind.ToSlug(),
            ["TokenId"] = Cap(token.Id),
            ["Name"] = Cap(token.Name),
            ["AppleId"] = Cap(token.AppleId),
            ["ExpiresAt"] = token.ExpiresAt,
            ["LastSyncAt"] = token.LastSyncAt,
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
            AppleId = row.GetString("AppleId"),
            ExpiresAt = row.GetDateTimeOffset("ExpiresAt"),
            LastSyncAt = row.GetDateTimeOffset("LastSyncAt"),
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

    private static TableEntity RunEntity(string partition, TenantReading reading) =>
        new(partition, RunPrefix + TableKeys.InvertedTicks(reading.ReadAt) + "|" + Guid.NewGuid().ToString("N")[..8])
        {
            ["StartedAt"] = reading.ReadAt,
            ["TokenCount"] = reading.Tokens.Count,
            ["Succeeded"] = reading.Failures.Count == 0,
            ["Failures"] = reading.Failures.Count == 0 ? null : Cap(JsonSerializer.Serialize(reading.Failures.Select(f => new StoredFailure(f.Kind.ToSlug(), f.Code, f.Message, f.Fix, f.RequestId, f.ClientRequestId)))),
        };

    private static PollRunRecord RunFromEntity(string tenantId, TableEntity row)
    {
        var failures = row.GetString("Failures") is { } json
            ? (JsonSerializer.Deserialize<List<StoredFailure>>(json) ?? [])
                .Select(f => new PollFailure(TokenKindNames.TryParseSlug(f.Kind, out var k) ? k : TokenKind.Ade, f.Code, f.Message, f.Fix, f.RequestId, f.ClientRequestId))
                .ToList()
            : [];
        return new PollRunRecord(tenantId, row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue, row.GetInt32("TokenCount") ?? 0, failures);
    }

    private static string? Cap(string? value) => value is { Length: > MaxStoredText } ? value[..MaxStoredText] : value;

    private sealed record StoredFailure(string Kind, string Code, string Message, string Fix, string? RequestId, string? ClientRequestId);
}
