using Azure.Data.Tables;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The row of a token's latest observation, <c>token|kind|id</c>, as the poll kept it (<see cref="KeptText"/>),
/// with the time a successful read last confirmed it.
/// </summary>
internal static class TokenRow
{
    public const string Prefix = "token|";

    private static readonly RowMap<TokenObservation> Columns = new RowMap<TokenObservation>()
        .Text("Kind", t => t.Kind.ToSlug(), (t, _) => t) // read with the id, as the row's identity (Read below)
        .Text("TokenId", t => t.Id, (t, _) => t)
        .Text("Name", t => t.Name, (t, v) => t with { Name = v })
        .Text("Organization", t => t.Organization, (t, v) => t with { Organization = v })
        .Text("Location", t => t.Location, (t, v) => t with { Location = v })
        .Text("LastAction", t => t.LastAction, (t, v) => t with { LastAction = v })
        .Text("AppleId", t => t.AppleId, (t, v) => t with { AppleId = v })
        .Time("ExpiresAt", t => t.ExpiresAt, (t, v) => t with { ExpiresAt = v })
        .Time("LastSyncAt", t => t.LastSyncAt, (t, v) => t with { LastSyncAt = v })
        .Time("LastSyncAttemptAt", t => t.LastSyncAttemptAt, (t, v) => t with { LastSyncAttemptAt = v })
        .Number("SyncErrorCode", t => t.SyncErrorCode, (t, v) => t with { SyncErrorCode = v })
        .Number("SyncedDeviceCount", t => t.SyncedDeviceCount, (t, v) => t with { SyncedDeviceCount = v })
        .Text("State", t => t.State, (t, v) => t with { State = v })
        .Text("SyncStatus", t => t.SyncStatus, (t, v) => t with { SyncStatus = v })
        .Text("FailureReason", t => t.FailureReason, (t, v) => t with { FailureReason = v })
        .Text("TopicId", t => t.TopicId, (t, v) => t with { TopicId = v })
        .Text("TokenType", t => t.TokenType, (t, v) => t with { TokenType = v })
        .Flag("NotConfigured", t => t.NotConfigured, (t, v) => t with { NotConfigured = v })
        .Text(
            "Problems",
            t => t.Problems.Count == 0 ? null : string.Join('\n', t.Problems),
            (t, v) => t with { Problems = v.Split('\n') }
        );

    public static string Key(TokenObservation token) => Prefix + TableKeys.Join(token.Kind.ToSlug(), token.Id);

    /// <summary>The row of the token whose <see cref="TokenObservation.Key"/> is <paramref name="tokenKey"/>.</summary>
    public static string Key(string tokenKey)
    {
        var colon = tokenKey.IndexOf(':', StringComparison.Ordinal);
        return Prefix + TableKeys.Join(tokenKey[..colon], tokenKey[(colon + 1)..]);
    }

    public static TableEntity Write(string partition, TokenObservation token, DateTimeOffset observedAt)
    {
        var row = new TableEntity(partition, Key(token)) { [StorageSchema.Property] = StorageSchema.Current };
        Columns.Write(token, row);
        row["ObservedAt"] = observedAt;
        return row;
    }

    /// <summary>
    /// The stored token; null for a row that is not one (the head row, a kind this version does not know).
    /// </summary>
    public static StoredToken? Read(string tenantId, TableEntity row)
    {
        if (!TokenKindNames.TryParseSlug(row.GetString("Kind"), out var kind) || row.GetString("TokenId") is not { } id)
        {
            return null;
        }

        var token = Columns.Read(
            row,
            new TokenObservation
            {
                TenantId = tenantId,
                Kind = kind,
                Id = id,
            }
        );
        return new StoredToken(token, row.GetDateTimeOffset("ObservedAt") ?? DateTimeOffset.MinValue);
    }
}
