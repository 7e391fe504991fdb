using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Reads every kind of a tenant's Apple tokens with the real Microsoft Graph client, each through its reader in
/// <see cref="TokenKindReaders"/>. Each kind is read on its own: one failing endpoint is a classified
/// <see cref="PollFailure"/> beside the others' tokens, never an exception.
/// </summary>
public sealed class GraphTokenSource(
    GraphClientProvider clients,
    IOptions<TokenWatchOptions> options,
    TimeProvider clock
) : ITokenSource
{
    public async Task<TenantReading> ReadAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
    {
        var readAt = clock.GetUtcNow();
        TenantGraph graph;
        try
        {
            graph = clients.For(tenant);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = GraphFailures.CredentialSetup(ex, tenant.TenantId);
            return new TenantReading(
                tenant.TenantId,
                readAt,
                [],
                TokenKinds.All.Select(d => failure with { Kind = d.Kind }).ToList()
            );
        }

        var reads = await Task.WhenAll(
            TokenKinds.All.Select(d => ReadSafelyAsync(d, graph, tenant.TenantId, cancellationToken))
        );

        return new TenantReading(
            tenant.TenantId,
            readAt,
            reads.SelectMany(r => r.Tokens).ToList(),
            reads.Where(r => r.Failure is not null).Select(r => r.Failure!).ToList()
        );
    }

    private async Task<(IReadOnlyList<TokenObservation> Tokens, PollFailure? Failure)> ReadSafelyAsync(
        TokenKindDescriptor kind,
        TenantGraph graph,
        string tenantId,
        CancellationToken cancellationToken
    )
    {
        var reader = TokenKindReaders.For(kind.Kind);
        var trace = new RequestTrace();
        try
        {
            return (await reader.ReadAsync(graph, tenantId, trace, cancellationToken), null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The tenant's time ran out (or the poll is stopping) while this endpoint was still being read: a failure
            // of this endpoint alone, so the endpoints that did answer keep their tokens. A stopping poll stores
            // nothing of it: the store is asked with the same cancelled token.
            return ([], TimedOut(kind, trace));
        }
        catch (Exception ex)
        {
            // Graph's own 404 may be a state of the kind (no push certificate). A 404 that is not Graph's error (a
            // proxy's or a web server's page) says nothing of the kind.
            if (
                GraphFailures.StatusOf(ex, trace) == 404
                && GraphFailures.IsGraphError(ex)
                && reader.WhenNotFound(tenantId) is { } absent
            )
            {
                return (absent, null);
            }

            return ([], GraphFailures.Classify(kind.Kind, ex, tenantId, trace));
        }
    }

    private PollFailure TimedOut(TokenKindDescriptor kind, RequestTrace trace) =>
        new(
            kind.Kind,
            FailureCodes.Timeout,
            $"Reading {kind.PluralName} took longer than the tenant's "
                + $"{options.Value.Cycle.TenantTimeoutSeconds} s.",
            FailureFix.TenantTimeout,
            ClientRequestId: trace.ClientRequestId
        );
}
