using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>How one <see cref="TokenKind"/> is read from Graph (per kind: <see cref="TokenKindReaders"/>).</summary>
public interface ITokenKindReader
{
    /// <summary>Every token of the kind in the tenant; throws what Graph or the SDK threw.</summary>
    Task<IReadOnlyList<TokenObservation>> ReadAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    );

    /// <summary>What Graph's own 404 means for the kind: null when it is a failure like any other.</summary>
    IReadOnlyList<TokenObservation>? WhenNotFound(string tenantId);
}
