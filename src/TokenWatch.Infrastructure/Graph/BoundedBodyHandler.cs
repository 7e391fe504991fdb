using TokenWatch.Infrastructure.Http;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Reads each answer's whole body before the SDK sees it, bounded in size (<see cref="BoundedBody"/>) and, because
/// it sits inside <see cref="AttemptTimeoutHandler"/>, in time: a body that trickles in is the attempt's timeout,
/// a failure of that one endpoint, instead of a read that runs into the tenant's timeout and takes the tenant's
/// other endpoints with it.
/// </summary>
internal sealed class BoundedBodyHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        BoundedBody.AcceptEncodings(request.Headers);
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            response.Content = await BoundedBody.ReadAsync(response.Content, maxBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
