using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Graph;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>
/// Which sign-in can reach a tenant of which cloud. Clouds are separate Entra instances: an app is registered in
/// the cloud it signs in to (Learn: "National clouds", "Access national cloud deployments with the Microsoft Graph
/// SDKs"), and a managed identity exists only in the cloud the deployment runs in, so it (and the federated
/// credential whose assertion it issues) cannot sign in to another cloud's tenant.
/// </summary>
public static class CloudRules
{
    public static IEnumerable<string> Problems(
        NationalCloud cloud,
        GraphAuth auth,
        GraphOptions graph,
        Func<string, string> field
    )
    {
        if (cloud == graph.Cloud)
        {
            yield break;
        }

        var where = $"{field("Cloud")} '{cloud}'";
        if (auth is GraphAuth.ManagedIdentity or GraphAuth.FederatedManagedIdentity)
        {
            yield return $"{where} cannot be reached with auth '{auth}': the deployment's managed identity "
                + $"belongs to the {graph.Cloud} cloud (TokenWatch:Graph:Cloud) and signs in there only. Use "
                + $"ClientSecret or ClientCertificate with an app registered in the {cloud} cloud.";
        }

        if (!CloudEndpoints.ServesEveryCloud(graph))
        {
            yield return $"{where} cannot be read: TokenWatch:Graph:BaseUrl '{graph.BaseUrl}' names one Graph "
                + $"host for every cloud. Leave it at the default, or put {CloudEndpoints.GraphHostPlaceholder} "
                + "where the cloud's Graph host goes.";
        }
    }
}
