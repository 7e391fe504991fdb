using System.Text.Json;

namespace TokenWatch.Simulator;

/// <summary>
/// An answer the simulator gives instead of (or on top of) the tenant's data. <see cref="StatusCode"/> 0
/// (<see cref="PassThrough"/>) serves the endpoint's own answer, after <see cref="Latency"/> and cut short when
/// <see cref="Truncate"/> is set. Without a <see cref="Body"/> an error status gets a Graph-shaped error body whose
/// <c>innerError</c> carries the same <c>request-id</c> and <c>client-request-id</c> as the response headers, as
/// Graph's does.
/// </summary>
public sealed record SimulatedFault(
    int StatusCode,
    string? Body = null,
    TimeSpan? Latency = null,
    string? RetryAfter = null
)
{
    /// <summary>The status that means "answer as the endpoint normally would".</summary>
    public const int PassThrough = 0;

    public string ContentType { get; init; } = "application/json";

    /// <summary>Graph's <c>error.code</c> for the generated error body.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Graph's <c>error.message</c> for the generated error body.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Serve the endpoint's real JSON cut in half, as a connection dropped mid-body would leave it.</summary>
    public bool Truncate { get; init; }

    /// <summary>A <c>Location</c> header to send, for redirects.</summary>
    public string? Location { get; init; }

    /// <summary>Answers normally, but only after <paramref name="latency"/> of the simulator's clock.</summary>
    public static SimulatedFault Slow(TimeSpan latency) => new(PassThrough, Latency: latency);

    /// <summary>Never answers: only the client giving up (its timeout, a cancelled poll) ends the request.</summary>
    public static SimulatedFault Hang() => new(PassThrough, Latency: Timeout.InfiniteTimeSpan);

    /// <summary>
    /// 429 as Graph throttles; <paramref name="retryAfter"/> null sends no <c>Retry-After</c> (some Intune endpoints do
    /// that).
    /// </summary>
    public static SimulatedFault Throttled(string? retryAfter) =>
        new(429, RetryAfter: retryAfter) { ErrorCode = "TooManyRequests", ErrorMessage = "Too many requests." };

    /// <summary>503 as Graph answers when a backend is down.</summary>
    public static SimulatedFault Unavailable(string? retryAfter = null) =>
        new(503, RetryAfter: retryAfter) { ErrorCode = "ServiceUnavailable", ErrorMessage = "Service is unavailable." };

    public static SimulatedFault ServerError() =>
        new(500)
        {
            ErrorCode = "InternalServerError",
            ErrorMessage =
                "{\"_version\":3,\"Message\":\"An internal server error has occurred - "
                + "Operation ID (for customer support): 00000000-0000-0000-0000-000000000000\"}",
        };

    /// <summary>A gateway in front of Graph failing with an HTML page instead of JSON.</summary>
    public static SimulatedFault GatewayHtml(int status = 502) =>
        new(status, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>")
        {
            ContentType = "text/html",
        };

    /// <summary>401 as Graph answers an expired or wrong-audience token.</summary>
    public static SimulatedFault Unauthorized() =>
        new(401)
        {
            ErrorCode = "InvalidAuthenticationToken",
            ErrorMessage = "Access token has expired or is not yet valid.",
        };

    /// <summary>
    /// 401 as a customer tenant whose admin has not consented to the multi-tenant app leaves a sign-in.
    /// </summary>
    public static SimulatedFault NotConsented() =>
        new(401)
        {
            ErrorCode = "InvalidAuthenticationToken",
            ErrorMessage = "AADSTS65001: The user or administrator has not consented to use the application.",
        };

    /// <summary>403 as Graph answers an application that lacks the endpoint's permission.</summary>
    public static SimulatedFault Forbidden() =>
        new(403)
        {
            ErrorCode = "Forbidden",
            ErrorMessage =
                "Application is not authorized to perform this operation. Application must have "
                + "one of the following scopes: DeviceManagementServiceConfig.Read.All, "
                + "DeviceManagementServiceConfig.ReadWrite.All",
        };

    public static SimulatedFault NotFound() =>
        new(404)
        {
            ErrorCode = "ResourceNotFound",
            ErrorMessage =
                "{\"_version\":3,\"Message\":\"An error has occurred - Operation ID (for customer support): "
                + "00000000-0000-0000-0000-000000000000\",\"CustomApiErrorPhrase\":\"\",\"RetryAfter\":null,"
                + "\"ErrorSourceService\":\"\",\"HttpHeaders\":\"{}\"}",
        };

    /// <summary>What Intune endpoints answer in a tenant without an Intune licence (or MDM authority).</summary>
    public static SimulatedFault NotLicensed() =>
        new(400) { ErrorCode = "BadRequest", ErrorMessage = "Request not applicable to target tenant." };

    /// <summary>200 with a body that is not JSON at all.</summary>
    public static SimulatedFault MalformedJson() => new(200, "{\"value\": [ {\"id\": \"broken\", , \"tokenName\": } ]");

    /// <summary>200 with the endpoint's real body cut in half.</summary>
    public static SimulatedFault TruncatedJson() => new(PassThrough) { Truncate = true };

    /// <summary>
    /// A redirect (301, 302, 307, 308) to <paramref name="location"/>, e.g. to a host that is not Graph.
    /// </summary>
    public static SimulatedFault Redirect(string location, int status = 302) => new(status, "") { Location = location };

    /// <summary>200 with a body of the test's choosing, e.g. a page with a hostile <c>@odata.nextLink</c>.</summary>
    public static SimulatedFault Json(string body) => new(200, body);

    /// <summary>A Graph-shaped error body.</summary>
    public static string ODataError(
        string code,
        string message,
        string? requestId = null,
        string? clientRequestId = null
    ) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["error"] = new Dictionary<string, object?>
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["innerError"] = new Dictionary<string, object?>
                    {
                        ["date"] = "2026-01-01T00:00:00",
                        ["request-id"] = requestId,
                        ["client-request-id"] = clientRequestId,
                    },
                },
            }
        );
}
