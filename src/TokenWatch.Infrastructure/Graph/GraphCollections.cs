using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>What every Graph reader shares: paging a collection safely, and its items into observations.</summary>
internal static class GraphCollections
{
    /// <summary>No tenant has this many pages of Apple tokens; more means a nextLink loop.</summary>
    private const int MaxPages = 200;

    /// <summary>Graph's JSON error body, for every status: the SDK then throws an <see cref="ODataError"/>.</summary>
    public static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new()
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    /// <summary>Follows <c>@odata.nextLink</c> (the whole URL) to its end, refusing loops and foreign hosts.</summary>
    public static async Task<List<T>> ReadAllPagesAsync<T>(
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

            request = NextRequest(graph, page.NextLink, seen, pageNumber);
        }
    }

    /// <summary>
    /// The request for the page <paramref name="nextLink"/> names, refused off Graph's origin, in a loop, or past
    /// <paramref name="maxPages"/>.
    /// </summary>
    internal static RequestInformation NextRequest(
        TenantGraph graph,
        string nextLink,
        HashSet<string> seen,
        int pageNumber,
        int maxPages = MaxPages
    )
    {
        if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var next) || !SameOrigin(next, graph.Root))
        {
            throw new GraphResponseException(
                $"Graph sent a nextLink outside {graph.Root.GetLeftPart(UriPartial.Authority)}; "
                    + "it was not followed."
            );
        }

        if (!seen.Add(next.AbsoluteUri) || pageNumber >= maxPages)
        {
            throw new GraphResponseException($"Graph's nextLink loops (page {pageNumber}); paging was stopped.");
        }

        return Request(next);
    }

    private static bool SameOrigin(Uri candidate, Uri root) => SameOriginHandler.IsSameOrigin(candidate, root);

    public static RequestInformation Request(Uri uri)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = uri };
        request.Headers.Add("Accept", "application/json");
        return request;
    }

    /// <summary>A blank id names no token: it would share one key (and one stored row) with every blank id.</summary>
    public static string IdOf(GraphItem item, int index) =>
        string.IsNullOrWhiteSpace(item.Id) ? $"missing-id-{index + 1}" : item.Id;

    public static IReadOnlyList<string> WithMissingId(GraphItem item) =>
        item.Id is null ? [.. item.Problems, "id is missing"]
        : string.IsNullOrWhiteSpace(item.Id) ? [.. item.Problems, "id is blank"]
        : item.Problems;

    /// <summary>
    /// One observation per id. Graph may repeat an item across pages (the same data twice: harmless); an id listed
    /// with different data cannot be judged, because only one row per id is stored and the one kept could be the
    /// healthy one: it is kept with a problem, so it is judged unknown instead of ok.
    /// </summary>
    public static List<TokenObservation> Distinct(IEnumerable<TokenObservation> tokens) =>
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
}
