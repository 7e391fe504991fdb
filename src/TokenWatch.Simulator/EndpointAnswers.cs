using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TokenWatch.Simulator;

/// <summary>
/// What each endpoint family answers when no fault is played: pages of ADE and VPP tokens and of GDAP customers, the
/// APNs certificate (404 where the tenant has none), and Graph's error body for a fault.
/// </summary>
internal static class EndpointAnswers
{
    public static (int Status, string ContentType, string Body) Answer(
        HttpContext context,
        string baseUrl,
        DateTimeOffset now,
        SimulatedTenant tenant,
        SimulatedEndpoint endpoint,
        string path,
        RequestIds ids
    )
    {
        var beta = path.StartsWith("beta/", StringComparison.Ordinal);
        var pageUrl = $"{baseUrl}{context.Request.PathBase}{context.Request.Path}";
        var skipToken = context.Request.Query["$skiptoken"].ToString();
        if (!PageCursor.TryParse(skipToken, out var cursor))
        {
            return (400, "application/json", BadSkipToken(ids));
        }

        var json = "application/json";
        return endpoint switch
        {
            SimulatedEndpoint.AdeDevices or SimulatedEndpoint.AdeDefaultProfile or SimulatedEndpoint.DeviceManagement =>
                EnrollmentAnswers.Answer(context, baseUrl, tenant, endpoint, path, cursor, ids),
            SimulatedEndpoint.Ade => (200, json, GraphPages.Page(pageUrl, cursor, tenant, AdeItems(tenant, now))),
            SimulatedEndpoint.Vpp => (200, json, GraphPages.Page(pageUrl, cursor, tenant, VppItems(tenant, now, beta))),
            SimulatedEndpoint.DelegatedAdminCustomers => (
                200,
                json,
                GraphPages.Page(pageUrl, cursor, tenant, tenant.Customers.Select(GraphPages.CustomerJson).ToList())
            ),
            _ => tenant.ApnsCertificate is { } certificate
                ? (200, json, JsonSerializer.Serialize(certificate.Apply(TokenEndpointJson.ApnsJson(certificate))))
                : (404, json, ErrorBody(SimulatedFault.NotFound(), ids)),
        };
    }

    private static List<Dictionary<string, object?>> AdeItems(SimulatedTenant tenant, DateTimeOffset now) =>
        tenant.AdeTokens.Select(t => t.Apply(TokenEndpointJson.AdeJson(t, now))).ToList();

    private static List<Dictionary<string, object?>> VppItems(SimulatedTenant tenant, DateTimeOffset now, bool beta) =>
        tenant.VppTokens.Select(t => t.Apply(TokenEndpointJson.VppJson(t, now, beta))).ToList();

    public static string ErrorBody(SimulatedFault fault, RequestIds ids) =>
        SimulatedFault.ODataError(
            fault.ErrorCode ?? "Error",
            fault.ErrorMessage ?? $"Simulated status {fault.StatusCode}",
            ids.RequestId,
            ids.ClientRequestId
        );

    private static string BadSkipToken(RequestIds ids) =>
        SimulatedFault.ODataError("BadRequest", "The skip token is not valid.", ids.RequestId, ids.ClientRequestId);
}
