using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TokenWatch.Simulator;

/// <summary>
/// The enrollment endpoints' answers: a token's devices in pages (only the page's slice is turned into JSON, so a
/// token of 50,000 devices costs the simulator one page at a time), its default profile per platform, and the
/// deviceManagement singleton's connector status.
/// </summary>
internal static class EnrollmentAnswers
{
    private const string Json = "application/json";

    public static (int Status, string ContentType, string Body) Answer(
        HttpContext context,
        string baseUrl,
        SimulatedTenant tenant,
        SimulatedEndpoint endpoint,
        string path,
        PageCursor cursor,
        RequestIds ids
    )
    {
        if (endpoint == SimulatedEndpoint.DeviceManagement)
        {
            return (200, Json, ConnectorJson(tenant));
        }

        var (tokenId, relation) = GraphPaths.TokenPart(path)!.Value;
        var token = tenant.AdeTokens.FirstOrDefault(t => t.Id == tokenId);
        if (token is null)
        {
            return (404, Json, EndpointAnswers.ErrorBody(SimulatedFault.NotFound(), ids));
        }

        return endpoint == SimulatedEndpoint.AdeDevices
            ? (
                200,
                Json,
                DevicePage($"{baseUrl}{context.Request.PathBase}{context.Request.Path}", cursor, tenant, token)
            )
            : DefaultProfile(token, relation == GraphPaths.DefaultIos ? "ios" : "macOS", ids);
    }

    private static string DevicePage(string pageUrl, PageCursor cursor, SimulatedTenant tenant, SimulatedAdeToken token)
    {
        var size = Math.Max(1, tenant.DevicePageSize);
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/beta/$metadata#importedAppleDeviceIdentities",
            ["value"] = token.Devices.Skip(cursor.Skip).Take(size).Select(DeviceJson).ToList(),
        };
        if (cursor.Skip + size < token.Devices.Count)
        {
            page["@odata.nextLink"] = $"{pageUrl}?$skiptoken={new PageCursor(cursor.Skip + size, Empty: false)}";
        }

        return JsonSerializer.Serialize(page);
    }

    private static Dictionary<string, object?> DeviceJson(SimulatedDevice d) =>
        new()
        {
            ["@odata.type"] = "#microsoft.graph.importedAppleDeviceIdentity",
            ["id"] = $"dev-{d.SerialNumber}",
            ["serialNumber"] = d.SerialNumber,
            ["platform"] = d.Platform,
            ["createdDateTime"] = TokenEndpointJson.Iso(d.CreatedDateTime),
            // Graph's "never": the zero date, not null.
            ["lastContactedDateTime"] = TokenEndpointJson.Iso(d.LastContactedDateTime) ?? "0001-01-01T00:00:00Z",
            ["requestedEnrollmentProfileId"] = d.RequestedEnrollmentProfileId,
            ["requestedEnrollmentProfileAssignmentDateTime"] = d.RequestedEnrollmentProfileId is null
                ? "0001-01-01T00:00:00Z"
                : TokenEndpointJson.Iso(d.CreatedDateTime),
            ["enrollmentState"] = d.EnrollmentState,
            ["isDeleted"] = d.IsDeleted,
            ["isSupervised"] = true,
            ["discoverySource"] = "deviceEnrollmentProgram",
        };

    private static (int Status, string ContentType, string Body) DefaultProfile(
        SimulatedAdeToken token,
        string platform,
        RequestIds ids
    )
    {
        if (token.DefaultProfiles.TryGetValue(platform, out var profileId))
        {
            var profile = new Dictionary<string, object?>
            {
                ["@odata.type"] = "#microsoft.graph.depIOSEnrollmentProfile",
                ["id"] = $"{token.Id}_{profileId}",
                ["displayName"] = $"Default {platform}",
                ["isDefault"] = true,
            };
            return (200, Json, JsonSerializer.Serialize(profile));
        }

        return token.NoDefaultAnswer switch
        {
            NoDefaultAnswer.EmptyBody => (200, Json, ""),
            NoDefaultAnswer.NoContent => (204, Json, ""),
            _ => (404, Json, EndpointAnswers.ErrorBody(SimulatedFault.NotFound(), ids)),
        };
    }

    private static string ConnectorJson(SimulatedTenant tenant) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["@odata.context"] = "https://graph.microsoft.com/beta/$metadata#deviceManagement(connectorStatus)",
                ["connectorStatus"] = tenant
                    .Connectors.Select(c => new Dictionary<string, object?>
                    {
                        ["@odata.type"] = "#microsoft.graph.connectorStatusDetails",
                        ["connectorName"] = c.ConnectorName,
                        ["connectorInstanceId"] = c.ConnectorInstanceId,
                        ["status"] = c.Status,
                        ["eventDateTime"] = TokenEndpointJson.Iso(c.EventDateTime) ?? "0001-01-01T00:00:00Z",
                    })
                    .ToList(),
            }
        );
}
