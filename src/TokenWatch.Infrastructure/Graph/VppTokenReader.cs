using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// VPP (Apps and Books) location tokens: Graph beta <c>vppTokens</c>, as for ADE, because only beta tells a token's
/// location (v1.0 names every location of an organization alike) and its duplicateLocationId state.
/// </summary>
public sealed class VppTokenReader : ITokenKindReader
{
    public async Task<IReadOnlyList<TokenObservation>> ReadAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var first = new Uri($"{graph.Root}/beta/deviceAppManagement/vppTokens");
        var items = await GraphCollections.ReadAllPagesAsync(
            graph,
            GraphCollections.Request(first),
            VppTokenItem.Create,
            trace,
            cancellationToken
        );
        return GraphCollections.Distinct(
            items.Select(
                (t, i) =>
                    new TokenObservation
                    {
                        TenantId = tenantId,
                        Kind = TokenKind.Vpp,
                        Id = GraphCollections.IdOf(t, i),
                        Name = t.Name,
                        Organization = t.OrganizationName,
                        Location = t.LocationName,
                        LastAction = t.LastFailedAction,
                        AppleId = t.AppleId,
                        ExpiresAt = t.ExpirationDateTime,
                        LastSyncAt = t.LastSyncDateTime,
                        State = t.State,
                        SyncStatus = t.LastSyncStatus,
                        TokenType = t.AccountType,
                        Problems = GraphCollections.WithMissingId(t),
                    }
            )
        );
    }

    public IReadOnlyList<TokenObservation>? WhenNotFound(string tenantId) => null;
}
