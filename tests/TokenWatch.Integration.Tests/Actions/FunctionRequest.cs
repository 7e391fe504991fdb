using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// An HTTP request as the Functions host passes it to the worker: method, address, headers (the front end's among
/// them, when App Service is in front) and body. Nothing of the connection: the worker is not told it.
/// </summary>
internal sealed class FunctionRequest(string method, string url, string body = "")
    : HttpRequestData(new FunctionInvocation())
{
    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body));

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies => [];

    public override Uri Url { get; } = new(url);

    public override IEnumerable<ClaimsIdentity> Identities => [];

    public override string Method => method;

    public override HttpResponseData CreateResponse() => new FunctionResponse(FunctionContext);
}
