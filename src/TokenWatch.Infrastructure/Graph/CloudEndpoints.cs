using Azure.Identity;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Where a tenant of one cloud is read and signed in to. Graph hosts from Learn "Microsoft Graph national cloud
/// deployments" (<c>graph.microsoft.com</c>; US Government L4 <c>graph.microsoft.us</c>, L5 (DoD)
/// <c>dod-graph.microsoft.us</c>; 21Vianet <c>microsoftgraph.chinacloudapi.cn</c>); sign-in authorities from the same
/// page (<c>login.microsoftonline.us</c> for both US clouds, <c>login.chinacloudapi.cn</c>). Learn "Access national
/// cloud deployments with the Microsoft Graph SDKs": the <c>.default</c> scope must name the cloud's own Graph host.
/// </summary>
public sealed record CloudEndpoints(NationalCloud Cloud, string GraphHost, Uri AuthorityHost)
{
    /// <summary>Stands for the cloud's Graph host in <see cref="GraphOptions.BaseUrl"/> (for a simulator).</summary>
    public const string GraphHostPlaceholder = "{graphHost}";

    /// <summary>The app-only scope of this cloud's Graph, e.g. <c>https://graph.microsoft.us/.default</c>.</summary>
    public string Scope => $"https://{GraphHost}/.default";

    public static CloudEndpoints Of(NationalCloud cloud) =>
        cloud switch
        {
            NationalCloud.Global => new(cloud, "graph.microsoft.com", AzureAuthorityHosts.AzurePublicCloud),
            NationalCloud.USGov => new(cloud, "graph.microsoft.us", AzureAuthorityHosts.AzureGovernment),
            NationalCloud.USGovDoD => new(cloud, "dod-graph.microsoft.us", AzureAuthorityHosts.AzureGovernment),
            NationalCloud.China => new(cloud, "microsoftgraph.chinacloudapi.cn", AzureAuthorityHosts.AzureChina),
            _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "No endpoints for this cloud."),
        };

    /// <summary>
    /// Graph's root for a tenant of this cloud: the cloud's own host when <see cref="GraphOptions.BaseUrl"/> is the
    /// default; otherwise the base URL with <c>{graphHost}</c> and <c>{tenantId}</c> filled in.
    /// </summary>
    public Uri GraphRoot(GraphOptions graph, string tenantId)
    {
        var template = IsDefault(graph) ? $"https://{GraphHostPlaceholder}" : graph.BaseUrl;
        return new Uri(
            template
                .Replace(GraphHostPlaceholder, GraphHost, StringComparison.Ordinal)
                .Replace("{tenantId}", Uri.EscapeDataString(tenantId), StringComparison.Ordinal)
                .TrimEnd('/')
        );
    }

    /// <summary>Whether every cloud can be reached from the base URL: the default, or one with the host.</summary>
    public static bool ServesEveryCloud(GraphOptions graph) =>
        IsDefault(graph) || graph.BaseUrl.Contains(GraphHostPlaceholder, StringComparison.Ordinal);

    private static bool IsDefault(GraphOptions graph) =>
        string.Equals(graph.BaseUrl.TrimEnd('/'), GraphOptions.PublicCloud, StringComparison.OrdinalIgnoreCase);
}
