using Microsoft.Kiota.Abstractions;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// What TokenWatch knows of the latest request of one endpoint read, whatever became of it: the
/// <c>client-request-id</c> TokenWatch set itself (the SDK would otherwise make one up out of sight), and, once an
/// answer came, its status, <c>request-id</c> and <c>Retry-After</c> (filled in by <see cref="ResponseTraceHandler"/>).
/// Exceptions do not always carry these: a 502 with an HTML page fails in the SDK's error parsing, a truncated
/// body as a <c>JsonException</c>, and support still wants the ids.
/// </summary>
public sealed class RequestTrace : IRequestOption
{
    private const string Header = "client-request-id";

    public string? ClientRequestId { get; private set; }

    /// <summary>The status of the latest answer; null while no answer came.</summary>
    public int? StatusCode { get; private set; }

    public string? RequestId { get; private set; }

    public string? RetryAfter { get; private set; }

    internal RequestInformation Tag(RequestInformation request)
    {
        ClientRequestId = Guid.NewGuid().ToString();
        StatusCode = null;
        RequestId = null;
        RetryAfter = null;
        request.Headers.Remove(Header);
        request.Headers.Add(Header, ClientRequestId);
        request.AddRequestOptions([this]);
        return request;
    }

    internal void Answered(HttpResponseMessage response)
    {
        StatusCode = (int)response.StatusCode;
        RequestId = response.Headers.TryGetValues("request-id", out var ids) ? ids.FirstOrDefault() : null;
        RetryAfter = response.Headers.RetryAfter?.Delta is { } delta
            ? ((int)delta.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : response.Headers.RetryAfter?.Date?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}
