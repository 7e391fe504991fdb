using System.Net;
using System.Web;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using TokenWatch.Infrastructure.Actions;

namespace TokenWatch.Functions;

/// <summary>
/// The page a digest's snooze and acknowledge links open (<c>/api/act</c>): anonymous at the function level, since
/// the link's signature is the grant and App Service Authentication, when configured, signs the person in first.
/// The page itself is <see cref="ActionPage"/>, shared with the command line's local server.
/// </summary>
public sealed class ActOnAlert(ActionPage page)
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
        var client = request.Headers.TryGetValues("X-Forwarded-For", out var forwarded)
            ? forwarded.Last().Split(',')[^1].Trim()
            : "unknown";
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
