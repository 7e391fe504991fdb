namespace TokenWatch.Simulator;

/// <summary>The Graph paths the simulator serves, each the endpoint family it belongs to.</summary>
internal static class GraphPaths
{
    public const string AdePath = "beta/deviceManagement/depOnboardingSettings";
    public const string VppPath = "v1.0/deviceAppManagement/vppTokens";
    public const string VppBetaPath = "beta/deviceAppManagement/vppTokens";
    public const string ApnsPath = "v1.0/deviceManagement/applePushNotificationCertificate";
    public const string CustomersPath = "v1.0/tenantRelationships/delegatedAdminCustomers";
    public const string DeviceManagementPath = "beta/deviceManagement";
    public const string DevicesRelation = "importedAppleDeviceIdentities";
    public const string DefaultIos = "defaultIosEnrollmentProfile";
    public const string DefaultMacOs = "defaultMacOsEnrollmentProfile";

    /// <summary>
    /// The token id and relation of <c>beta/deviceManagement/depOnboardingSettings/{id}/{relation}</c>.
    /// </summary>
    public static (string TokenId, string Relation)? TokenPart(string path)
    {
        if (!path.StartsWith(AdePath + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = path[(AdePath.Length + 1)..].Split('/');
        return parts.Length == 2 ? (Uri.UnescapeDataString(parts[0]), parts[1]) : null;
    }

    /// <summary>
    /// The endpoint a path (after the version, without slashes around it) belongs to; null for any other.
    /// </summary>
    public static SimulatedEndpoint? EndpointOf(string path) =>
        path switch
        {
            AdePath => SimulatedEndpoint.Ade,
            DeviceManagementPath => SimulatedEndpoint.DeviceManagement,
            _ when TokenPart(path) is { } part => part.Relation switch
            {
                DevicesRelation => SimulatedEndpoint.AdeDevices,
                DefaultIos or DefaultMacOs => SimulatedEndpoint.AdeDefaultProfile,
                _ => null,
            },
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
