namespace TokenWatch.Simulator;

/// <summary>The Graph paths the simulator serves, each the endpoint family it belongs to.</summary>
internal static class GraphPaths
{
    public const string AdePath = "beta/deviceManagement/depOnboardingSettings";
    public const string VppPath = "v1.0/deviceAppManagement/vppTokens";
    public const string VppBetaPath = "beta/deviceAppManagement/vppTokens";
    public const string ApnsPath = "v1.0/deviceManagement/applePushNotificationCertificate";
    public const string CustomersPath = "v1.0/tenantRelationships/delegatedAdminCustomers";

    /// <summary>
    /// The endpoint a path (after the version, without slashes around it) belongs to; null for any other.
    /// </summary>
    public static SimulatedEndpoint? EndpointOf(string path) =>
        path switch
        {
            AdePath => SimulatedEndpoint.Ade,
            VppPath or VppBetaPath => SimulatedEndpoint.Vpp,
            ApnsPath => SimulatedEndpoint.Apns,
            CustomersPath => SimulatedEndpoint.DelegatedAdminCustomers,
            _ => null,
        };

    /// <summary>The Graph host of a <c>clouds/{host}/…</c> path, taken off the path; null: none named.</summary>
    public static string? CloudHost(ref string path)
    {
        if (!path.StartsWith("clouds/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path["clouds/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        path = slash < 0 ? "" : rest[(slash + 1)..];
        return slash < 0 ? rest : rest[..slash];
    }
}
