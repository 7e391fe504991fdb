using Microsoft.Graph.Models.ODataErrors;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Graph.Enrollment;

/// <summary>
/// Streams one ADE token's devices into an <see cref="EnrollmentTally"/>, one page at a time (only the page being
/// read is in memory), following <c>@odata.nextLink</c> exactly as Graph gives it: whether <c>$filter</c> or
/// <c>$count</c> work on this beta collection is untested, so the counts come from the rows themselves. Then it reads
/// the default profile of each platform present, and of no other.
/// </summary>
internal static class DeviceScanReader
{
    /// <summary>
    /// The platforms with a default-profile relation on <c>depOnboardingSetting</c> (Graph beta reference:
    /// <c>defaultIosEnrollmentProfile</c>, <c>defaultMacOsEnrollmentProfile</c>); any other platform's default is
    /// not known, never assumed.
    /// </summary>
    private static readonly Dictionary<string, string> DefaultRelations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ios"] = "defaultIosEnrollmentProfile",
        ["macOS"] = "defaultMacOsEnrollmentProfile",
    };

    public static async Task ReadDevicesAsync(
        TenantGraph graph,
        string tokenId,
        EnrollmentTally tally,
        int maxPages,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var request = GraphCollections.Request(
            new Uri($"{TokenRoot(graph, tokenId)}/importedAppleDeviceIdentities?$select={ImportedDeviceItem.Select}")
        );
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var pageNumber = 1; ; pageNumber++)
        {
            var page = await ReadPageAsync(graph, request, pageNumber, trace, cancellationToken);
            foreach (var item in page.Value)
            {
                tally.Add(item.ToDevice(), item.Problems);
            }

            if (string.IsNullOrEmpty(page.NextLink))
            {
                return;
            }

            request = GraphCollections.NextRequest(graph, page.NextLink, seen, pageNumber, maxPages);
        }
    }

    private static async Task<GraphPage<ImportedDeviceItem>> ReadPageAsync(
        TenantGraph graph,
        Microsoft.Kiota.Abstractions.RequestInformation request,
        int pageNumber,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var page = await graph.Client.RequestAdapter.SendAsync(
            trace.Tag(request),
            _ => new GraphPage<ImportedDeviceItem>(ImportedDeviceItem.Create),
            GraphCollections.ErrorMapping,
            cancellationToken
        ) ?? throw new GraphResponseException($"Graph answered device page {pageNumber} with an empty body.");
        return page.ShapeProblem is { } problem
            ? throw new GraphResponseException($"Graph's device page {pageNumber} is not a collection page: {problem}.")
            : page;
    }

    /// <summary>
    /// Whether each platform present has a default profile. What Graph answers when none is set is undocumented:
    /// an empty body and Graph's own 404 both mean "none"; any other answer is a read failure (thrown).
    /// </summary>
    public static async Task<Dictionary<string, bool>> ReadDefaultsAsync(
        TenantGraph graph,
        string tokenId,
        IReadOnlyList<string> platforms,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var defaults = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var platform in platforms)
        {
            if (DefaultRelations.TryGetValue(platform, out var relation))
            {
                defaults[platform] = await HasDefaultAsync(graph, tokenId, relation, trace, cancellationToken);
            }
        }

        return defaults;
    }

    private static async Task<bool> HasDefaultAsync(
        TenantGraph graph,
        string tokenId,
        string relation,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var request = GraphCollections.Request(new Uri($"{TokenRoot(graph, tokenId)}/{relation}?$select=id"));
        ProfileItem? profile;
        try
        {
            profile = await graph.Client.RequestAdapter.SendAsync(
                trace.Tag(request),
                ProfileItem.Create,
                GraphCollections.ErrorMapping,
                cancellationToken
            );
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404 && GraphFailures.IsGraphError(ex))
        {
            return false;
        }

        if (profile is null)
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(profile.Id) || profile.Problems.Count > 0
            ? throw new GraphResponseException(
                $"Graph's {relation} answer is neither a profile with an id nor empty"
                    + (profile.Problems.Count > 0 ? $": {profile.Problems[0]}." : ".")
            )
            : true;
    }

    private static string TokenRoot(TenantGraph graph, string tokenId) =>
        $"{graph.Root}/beta/deviceManagement/depOnboardingSettings/{Uri.EscapeDataString(tokenId)}";
}
