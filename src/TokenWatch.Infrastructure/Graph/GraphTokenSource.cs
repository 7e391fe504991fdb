using Microsoft.Extensions.Options;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Reads a tenant's ADE and VPP tokens (Graph beta, through the v1.0 client's request adapter) and APNs
/// certificate with the real Microsoft Graph client. Each endpoint is read on its own: one failing endpoint is
/// a classified <see cref="PollFailure"/> beside the others' tokens, never an exception.
/// </summary>
public sealed class GraphTokenSource(
    GraphClientProvider clients,
    IOptions<TokenWatchOptions> options,
    TimeProvider clock
) : ITokenSource
{
    /// <summary>No tenant has this many pages of Apple tokens; more means a nextLink loop.</summary>
    private const int MaxPages = 200;

    /// <summary>The APNs certificate is a singleton: one stable id per tenant keeps its alerts together across renewals.</summary>
    public const string ApnsTokenId = "apns";

    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

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
                Enum.GetValues<TokenKind>().Select(k => failure with { Kind = k }).ToList()
            );
        }

        var reads = await Task.WhenAll(
            ReadSafelyAsync(
                TokenKind.Ade,
                tenant,
                trace => ReadAdeAsync(graph, tenant.TenantId, trace, cancellationToken),
                cancellationToken
            ),
            ReadSafelyAsync(
                TokenKind.Vpp,
                tenant,
                trace => ReadVppAsync(graph, tenant.TenantId, trace, cancellationToken),
                cancellationToken
            ),
            ReadSafelyAsync(
                TokenKind.Apns,
                tenant,
                trace => ReadApnsAsync(graph, tenant.TenantId, trace, cancellationToken),
                cancellationToken
            )
        );

        return new TenantReading(
            tenant.TenantId,
            readAt,
            reads.SelectMany(r => r.Tokens).ToList(),
            reads.Where(r => r.Failure is not null).Select(r => r.Failure!).ToList()
        );
    }

    private async Task<(IReadOnlyList<TokenObservation> Tokens, PollFailure? Failure)> ReadSafelyAsync(
        TokenKind kind,
        MonitoredTenant tenant,
        Func<RequestTrace, Task<IReadOnlyList<TokenObservation>>> read,
        CancellationToken cancellationToken
    )
    {
        var trace = new RequestTrace();
        try
        {
            return (await read(trace), null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The tenant's time ran out (or the poll is stopping) while this endpoint was still being read: a failure
            // of this endpoint alone, so the endpoints that did answer keep their tokens. A stopping poll stores
            // nothing of it: the store is asked with the same cancelled token.
            return (
                [],
                new PollFailure(
                    kind,
                    FailureCodes.Timeout,
                    $"Reading {kind.ToDisplayName()}s took longer than the tenant's {options.Value.Cycle.TenantTimeoutSeconds} s.",
                    "Graph was slow; the next poll retries. If it persists, check Graph service health, or raise TokenWatch:Cycle:TenantTimeoutSeconds.",
                    ClientRequestId: trace.ClientRequestId
                )
            );
        }
        catch (Exception ex)
        {
            // Graph answers a tenant without a push certificate with 404 and its JSON error: its own state, not a
            // failure. A 404 that is not Graph's error (a proxy's or a web server's page) says nothing of the kind.
            if (kind == TokenKind.Apns && GraphFailures.StatusOf(ex, trace) == 404 && GraphFailures.IsGraphError(ex))
            {
                return ([NotConfiguredApns(tenant.TenantId)], null);
            }

            return ([], GraphFailures.Classify(kind, ex, tenant.TenantId, trace));
        }
    }

    private static async Task<IReadOnlyList<TokenObservation>> ReadAdeAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var first = new Uri($"{graph.Root}/beta/deviceManagement/depOnboardingSettings");
        var items = await ReadAllPagesAsync(
            graph,
            Request(first),
            DepOnboardingSetting.Create,
            trace,
            cancellationToken
        );
        return Distinct(
            items.Select(
                (t, i) =>
                    new TokenObservation
                    {
                        TenantId = tenantId,
                        Kind = TokenKind.Ade,
                        Id = IdOf(t, i),
                        Name = t.TokenName,
                        AppleId = t.AppleIdentifier,
                        ExpiresAt = t.TokenExpirationDateTime,
                        LastSyncAt = t.LastSuccessfulSyncDateTime,
                        LastSyncAttemptAt = t.LastSyncTriggeredDateTime,
                        SyncErrorCode = t.LastSyncErrorCode,
                        TokenType = t.TokenType,
                        Problems = WithMissingId(t),
                    }
            )
        );
    }

    private static async Task<IReadOnlyList<TokenObservation>> ReadVppAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        // Beta, as for ADE: only beta tells a token's location (v1.0 names every location of an organization alike)
        // and its duplicateLocationId state.
        var first = new Uri($"{graph.Root}/beta/deviceAppManagement/vppTokens");
        var items = await ReadAllPagesAsync(graph, Request(first), VppTokenItem.Create, trace, cancellationToken);
        return Distinct(
            items.Select(
                (t, i) =>
                    new TokenObservation
                    {
                        TenantId = tenantId,
                        Kind = TokenKind.Vpp,
                        Id = IdOf(t, i),
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
                        Problems = WithMissingId(t),
                    }
            )
        );
    }

    private static async Task<IReadOnlyList<TokenObservation>> ReadApnsAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var request = trace.Tag(
            graph.Client.DeviceManagement.ApplePushNotificationCertificate.ToGetRequestInformation()
        );
        var certificate = await graph.Client.RequestAdapter.SendAsync(
            request,
            ApnsCertificateItem.Create,
            ErrorMapping,
            cancellationToken
        ) ?? throw new GraphResponseException("Graph answered the APNs certificate request with an empty body.");
        return
        [
            new TokenObservation
            {
                TenantId = tenantId,
                Kind = TokenKind.Apns,
                Id = ApnsTokenId,
                Name = "Apple MDM push certificate",
                AppleId = certificate.AppleIdentifier,
                ExpiresAt = certificate.ExpirationDateTime,
                State = certificate.CertificateUploadStatus,
                FailureReason = certificate.CertificateUploadFailureReason,
                TopicId = certificate.TopicIdentifier,
                Problems = certificate.Problems,
            },
        ];
    }

    /// <summary>Follows <c>@odata.nextLink</c> (the whole URL) until it is absent, refusing loops and foreign hosts.</summary>
    internal static async Task<List<T>> ReadAllPagesAsync<T>(
        TenantGraph graph,
        RequestInformation first,
        ParsableFactory<T> itemFactory,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
        where T : GraphItem
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var request = first;
        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await graph.Client.RequestAdapter.SendAsync(
                trace.Tag(request),
                _ => new GraphPage<T>(itemFactory),
                ErrorMapping,
                cancellationToken
            ) ?? throw new GraphResponseException("Graph answered with an empty body.");
            if (page.ShapeProblem is { } problem)
            {
                throw new GraphResponseException($"Graph's page {pageNumber} is not a collection page: {problem}.");
            }

            items.AddRange(page.Value);
            if (string.IsNullOrEmpty(page.NextLink))
            {
                return items;
            }

            if (!Uri.TryCreate(page.NextLink, UriKind.Absolute, out var next) || !SameOrigin(next, graph.Root))
            {
                throw new GraphResponseException(
                    $"Graph sent a nextLink outside {graph.Root.GetLeftPart(UriPartial.Authority)}; it was not followed."
                );
            }

            if (!seen.Add(next.AbsoluteUri) || pageNumber >= MaxPages)
            {
                throw new GraphResponseException($"Graph's nextLink loops (page {pageNumber}); paging was stopped.");
            }

            request = Request(next);
        }
    }

    private static bool SameOrigin(Uri candidate, Uri root) => SameOriginHandler.IsSameOrigin(candidate, root);

    internal static RequestInformation Request(Uri uri)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = uri };
        request.Headers.Add("Accept", "application/json");
        return request;
    }

    /// <summary>A blank id names no token: it would share one key (and one stored row) with every other blank id.</summary>
    private static string IdOf(GraphItem item, int index) =>
        string.IsNullOrWhiteSpace(item.Id) ? $"missing-id-{index + 1}" : item.Id;

    private static IReadOnlyList<string> WithMissingId(GraphItem item) =>
        item.Id is null ? [.. item.Problems, "id is missing"]
        : string.IsNullOrWhiteSpace(item.Id) ? [.. item.Problems, "id is blank"]
        : item.Problems;

    /// <summary>
    /// One observation per id. Graph may repeat an item across pages (the same data twice: harmless); an id listed
    /// with different data cannot be judged, because only one row per id is stored and the one kept could be the
    /// healthy one: it is kept with a problem, so it is judged unknown instead of ok.
    /// </summary>
    private static List<TokenObservation> Distinct(IEnumerable<TokenObservation> tokens) =>
        tokens
            .GroupBy(t => t.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                var conflicting = g.Skip(1).Count(t => !TokenChanges.Same(first, t));
                return conflicting == 0
                    ? first
                    : first with
                    {
                        Problems = [.. first.Problems, $"id listed {g.Count()} times with different data"],
                    };
            })
            .ToList();

    private static TokenObservation NotConfiguredApns(string tenantId) =>
        new()
        {
            TenantId = tenantId,
            Kind = TokenKind.Apns,
            Id = ApnsTokenId,
            Name = "Apple MDM push certificate",
            NotConfigured = true,
        };
}

/// <summary>Graph answered, but with something TokenWatch cannot use (empty body, looping or foreign nextLink).</summary>
public sealed class GraphResponseException(string message) : Exception(message);

/// <summary>
/// What TokenWatch knows of the latest request of one endpoint read, whatever became of it: the
/// <c>client-request-id</c> TokenWatch set itself (the SDK would otherwise make one up out of sight), and, once an
/// answer came, its status, <c>request-id</c> and <c>Retry-After</c> (filled in by <see cref="ResponseTraceHandler"/>).
/// Exceptions do not always carry these: a 502 with an HTML page fails in the SDK's error parsing, a truncated
/// body as a <c>JsonException</c>, and support still wants the ids.
/// </summary>
public sealed class RequestTrace : IRequestOption
{
    private const string Header = "client-request-id";

    public string? ClientRequestId { get; private set; }

    /// <summary>The status of the latest answer; null while no answer came.</summary>
    public int? StatusCode { get; private set; }

    public string? RequestId { get; private set; }

    public string? RetryAfter { get; private set; }

    internal RequestInformation Tag(RequestInformation request)
    {
        ClientRequestId = Guid.NewGuid().ToString();
        StatusCode = null;
        RequestId = null;
        RetryAfter = null;
        request.Headers.Remove(Header);
        request.Headers.Add(Header, ClientRequestId);
        request.AddRequestOptions([this]);
        return request;
    }

    internal void Answered(HttpResponseMessage response)
    {
        StatusCode = (int)response.StatusCode;
        RequestId = response.Headers.TryGetValues("request-id", out var ids) ? ids.FirstOrDefault() : null;
        RetryAfter = response.Headers.RetryAfter?.Delta is { } delta
            ? ((int)delta.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : response.Headers.RetryAfter?.Date?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}
