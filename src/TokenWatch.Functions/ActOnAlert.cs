using System.Net;
using System.Web;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using TokenWatch.Infrastructure.Actions;

namespace TokenWatch.Functions;

/// <summary>
/// The page a digest's snooze and acknowledge links open (<c>/api/act</c>): anonymous at the function level, since
/// the link's signature is the grant and App Service Authentication, when configured, signs the person in first.
/// The page itself is <see cref="ActionPage"/>, shared with the command line's local server. The rate limit counts
/// the address <see cref="ActionClientAddress"/> trusts: behind App Service's front end the one it appended to
/// <c>X-Forwarded-For</c>; elsewhere the worker is not told the connection's address, so all requests share one.
/// </summary>
public sealed class ActOnAlert(ActionPage page, ActionClientAddress clientAddress)
{
    /// <summary>Largest form read: a reason is at most 500 characters.</summary>
    private const int MaxFormBytes = 16 * 1024;

    [Function(nameof(ActOnAlert))]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "act")] HttpRequestData request,
        CancellationToken cancellationToken
    )
    {
        var form = await ActionPageForms.ReadAsync(request.Body, MaxFormBytes, cancellationToken);
        var principal = request.Headers.TryGetValues(ActionPageRequest.PrincipalNameHeader, out var names)
            ? names.FirstOrDefault()
            : null;
        var client = clientAddress.Of(
            request.Headers.TryGetValues(ActionClientAddress.ForwardedForHeader, out var forwarded) ? forwarded : null,
            connectionAddress: null
        );
        var answer = await page.HandleAsync(
            new ActionPageRequest(
                request.Method,
                HttpUtility.ParseQueryString(request.Url.Query)["t"],
                form,
                client,
                principal
            ),
            cancellationToken
        );
        var response = request.CreateResponse((HttpStatusCode)answer.Status);
        response.Headers.Add("Content-Type", ActionPageResponse.ContentType);
        foreach (var (name, value) in ActionPageResponse.Headers)
        {
            response.Headers.Add(name, value);
        }

        await response.WriteStringAsync(answer.Html, cancellationToken);
        return response;
    }
}
