namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Notes every answer (each attempt, retries included) in the request's <see cref="RequestTrace"/>, so a failure
/// can be classified by what Graph really answered and named by its <c>request-id</c>.
/// </summary>
internal sealed class ResponseTraceHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<Microsoft.Kiota.Abstractions.IRequestOption> Key = new(
        typeof(RequestTrace).FullName!
    );

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Options.TryGetValue(Key, out var option) && option is RequestTrace trace)
        {
            trace.Answered(response);
        }

        return response;
    }
}
