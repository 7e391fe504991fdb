using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// ADE (DEP) tokens: Graph beta <c>depOnboardingSettings</c>, through the v1.0 client's request adapter.
/// </summary>
public sealed class AdeTokenReader : ITokenKindReader
{
    public async Task<IReadOnlyList<TokenObservation>> ReadAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var first = new Uri($"{graph.Root}/beta/deviceManagement/depOnboardingSettings");
        var items = await GraphCollections.ReadAllPagesAsync(
            graph,
            GraphCollections.Request(first),
            DepOnboardingSetting.Create,
            trace,
            cancellationToken
        );
        return GraphCollections.Distinct(
            items.Select(
                (t, i) =>
                    new TokenObservation
                    {
                        TenantId = tenantId,
                        Kind = TokenKind.Ade,
                        Id = GraphCollections.IdOf(t, i),
                        Name = t.TokenName,
                        AppleId = t.AppleIdentifier,
                        ExpiresAt = t.TokenExpirationDateTime,
                        LastSyncAt = t.LastSuccessfulSyncDateTime,
                        LastSyncAttemptAt = t.LastSyncTriggeredDateTime,
                        SyncErrorCode = t.LastSyncErrorCode,
                        TokenType = t.TokenType,
                        SyncedDeviceCount = t.SyncedDeviceCount,
                        Problems = GraphCollections.WithMissingId(t),
                    }
            )
        );
    }

    public IReadOnlyList<TokenObservation>? WhenNotFound(string tenantId) => null;
}
