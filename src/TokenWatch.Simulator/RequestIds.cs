using Microsoft.AspNetCore.Http;

namespace TokenWatch.Simulator;

/// <summary>The ids Graph puts on every answer: its own <c>request-id</c>, and the client's echoed back.</summary>
internal sealed record RequestIds(string RequestId, string? ClientRequestId)
{
    /// <summary>A new request id for the answer, and the client's own echoed back, as Graph does.</summary>
    public static RequestIds Of(HttpContext context)
    {
        var ids = new RequestIds(
            Guid.NewGuid().ToString(),
            context.Request.Headers.TryGetValue("client-request-id", out var clientRequestId)
                ? clientRequestId.ToString()
                : null
        );
        context.Response.Headers["request-id"] = ids.RequestId;
        if (ids.ClientRequestId is not null)
        {
            context.Response.Headers["client-request-id"] = ids.ClientRequestId;
        }

        return ids;
    }
}
