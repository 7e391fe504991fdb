using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Http;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Turns whatever the Graph client threw into a classified failure that says what to fix. The Graph SDK's retry
/// handler has already retried 429/503/504 (honouring <c>Retry-After</c>) by the time anything lands here.
/// </summary>
public static class GraphFailures
{
    public const string ServiceConfigPermission = "DeviceManagementServiceConfig.Read.All";
    public const string ManagedDevicesPermission = "DeviceManagementManagedDevices.Read.All";

    /// <summary>The application permission a read of <paramref name="kind"/> needs.</summary>
    public static string PermissionFor(TokenKind kind) => TokenKindReaders.For(kind).Permission;

    /// <summary>The HTTP status Graph answered with, from the exception or else from what the trace saw.</summary>
    public static int? StatusOf(Exception ex, RequestTrace? trace = null) =>
        Unwrap(ex) is ApiException { ResponseStatusCode: > 0 } api ? api.ResponseStatusCode
        : trace?.StatusCode is >= 400 and var traced ? traced
        : null;

    /// <summary>True when Graph answered with its own JSON error body (an <c>ODataError</c>), not some other server's page.</summary>
    public static bool IsGraphError(Exception ex) => Unwrap(ex) is ODataError { Error: not null };

    public static PollFailure CredentialSetup(Exception ex, string tenantId) =>
        new(
            TokenKind.Ade,
            FailureCodes.AuthFailed,
            $"The Graph credential could not be set up: {OneLine(ex.Message)}",
            $"Check the credential configured for tenant {tenantId} (client id, secret or certificate path)."
        );

    public static PollFailure Classify(TokenKind kind, Exception exception, string tenantId, RequestTrace? trace = null)
    {
        var ex = Unwrap(exception);
        var (requestId, clientRequestId) = RequestIds(ex, trace);
        var what = kind.ToDisplayName();
        if (
            ex is AuthenticationFailedException or CredentialUnavailableException
            && NetworkCause(ex.InnerException) is { } network
        )
        {
            // No network is not a bad credential: nothing about the credential was learnt.
            return new(
                kind,
                FailureCodes.Unavailable,
                $"Signing in to tenant {tenantId} failed because Microsoft Entra ID could not be reached: {OneLine(network.Message)}",
                "The next poll retries. Check the network path (DNS, proxy, firewall) to login.microsoftonline.com and to Graph.",
                requestId,
                clientRequestId
            );
        }

        if (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            return new(
                kind,
                FailureCodes.AuthFailed,
                $"Signing in to tenant {tenantId} failed: {OneLine(ex.Message)}",
                AuthFix(tenantId),
                requestId,
                clientRequestId
            );
        }

        // Graph answered with an error status, even if its body could not be parsed (a gateway's HTML page).
        if (StatusOf(ex, trace) is { } status)
        {
            var message = ex is ApiException api
                ? ErrorMessage(api)
                : $"the error body could not be read ({OneLine(ex.Message)})";
            return ByStatus(kind, status, message, RetryAfter(ex, trace), tenantId, requestId, clientRequestId);
        }

        return ex switch
        {
            ResponseTooLargeException tooLarge => new(
                kind,
                FailureCodes.TooLarge,
                $"Graph's answer for {what}s was refused: {tooLarge.Message}.",
                "The next poll retries. A page of Apple tokens is far smaller: check TokenWatch:Graph:BaseUrl and any proxy in front of Graph, or raise TokenWatch:Graph:MaxResponseMegabytes.",
                requestId,
                clientRequestId
            ),
            ResponseEncodingException encoding => new(
                kind,
                FailureCodes.Malformed,
                $"Graph's answer for {what}s could not be read: {OneLine(encoding.Message)}.",
                "The next poll retries. A proxy in front of Graph may be rewriting answers; if it persists, report it with the request-id.",
                requestId,
                clientRequestId
            ),
            OutOfMemoryException => new(
                kind,
                FailureCodes.OutOfMemory,
                $"TokenWatch ran out of memory reading {what}s.",
                "Lower TokenWatch:Cycle:MaxParallelism or TokenWatch:Graph:MaxResponseMegabytes, or give the app more memory.",
                requestId,
                clientRequestId
            ),
            GraphTimeoutException timeout => new(
                kind,
                FailureCodes.Unavailable,
                $"Graph did not answer the read of {what}s within {timeout.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.",
                "The next poll retries. If it persists, check Microsoft 365 service health and give Microsoft support the client-request-id.",
                requestId,
                clientRequestId
            ),
            JsonException or GraphResponseException or FormatException or InvalidOperationException => new(
                kind,
                FailureCodes.Malformed,
                $"Graph's answer for {what}s could not be read: {OneLine(ex.Message)}",
                "The next poll retries. If it persists, report it to Microsoft support with the request-id.",
                requestId,
                clientRequestId
            ),
            HttpRequestException or TaskCanceledException or TimeoutException or IOException => new(
                kind,
                FailureCodes.Unavailable,
                $"Graph could not be reached for {what}s: {OneLine(ex.Message)}",
                "The next poll retries. Check the network path to Graph if it persists.",
                requestId,
                clientRequestId
            ),
            _ => new(
                kind,
                FailureCodes.Unavailable,
                $"Reading {what}s failed: {ex.GetType().Name}: {OneLine(ex.Message)}",
                "The next poll retries. If it persists, report it with the log entry.",
                requestId,
                clientRequestId
            ),
        };
    }

    private static PollFailure ByStatus(
        TokenKind kind,
        int status,
        string message,
        string? retryAfter,
        string tenantId,
        string? requestId,
        string? clientRequestId
    )
    {
        var what = kind.ToDisplayName();
        if (LooksUnlicensed(message))
        {
            return new(
                kind,
                FailureCodes.NotLicensed,
                $"Intune is not available in tenant {tenantId} ({status}): {message}",
                "Assign an Intune licence in the tenant and set Intune as its MDM authority (Apple connectors need Intune), or remove the tenant from TokenWatch.",
                requestId,
                clientRequestId
            );
        }

        return status switch
        {
            401 => new(
                kind,
                FailureCodes.AuthFailed,
                $"Graph refused TokenWatch's credential for {what}s (401): {message}",
                AuthFix(tenantId),
                requestId,
                clientRequestId
            ),
            403 => new(
                kind,
                FailureCodes.PermissionMissing,
                $"Graph denied reading {what}s (403): the permission {PermissionFor(kind)} is missing. {message}",
                $"Grant the application permission {PermissionFor(kind)} to TokenWatch's identity in tenant {tenantId} and give admin consent.",
                requestId,
                clientRequestId
            ),
            429 => new(
                kind,
                FailureCodes.Throttled,
                $"Graph kept throttling reads of {what}s (429) after retries{(retryAfter is null ? "" : $"; it last asked to wait {retryAfter}")}.",
                "The next poll retries. If it persists, other tools are using the tenant's Graph limits: poll less often or reduce their load.",
                requestId,
                clientRequestId
            ),
            >= 500 or 408 => new(
                kind,
                FailureCodes.Unavailable,
                $"Graph or Intune failed reading {what}s ({status}): {message}",
                "The next poll retries. If it persists, check Microsoft 365 service health and give Microsoft support the request-id.",
                requestId,
                clientRequestId
            ),
            _ => new(
                kind,
                FailureCodes.Unavailable,
                $"Graph answered {status} reading {what}s: {message}",
                "The next poll retries. If it persists, give Microsoft support the request-id.",
                requestId,
                clientRequestId
            ),
        };
    }

    /// <summary>The network failure under a sign-in failure, if that is what it was (no DNS, no route, refused).</summary>
    private static Exception? NetworkCause(Exception? ex) =>
        ex switch
        {
            null => null,
            HttpRequestException or System.Net.Sockets.SocketException => ex,
            AggregateException aggregate => aggregate
                .InnerExceptions.Select(NetworkCause)
                .FirstOrDefault(n => n is not null),
            _ => NetworkCause(ex.InnerException),
        };

    /// <summary>The retry handler wraps its last failures in an <see cref="AggregateException"/>; the last one tells.</summary>
    private static Exception Unwrap(Exception ex) =>
        ex switch
        {
            AggregateException { InnerExceptions.Count: > 0 } aggregate => Unwrap(aggregate.InnerExceptions[^1]),
            _ => ex,
        };

    private static string AuthFix(string tenantId) =>
        $"Check TokenWatch's credential for tenant {tenantId}: an expired client secret or certificate, missing admin consent, or a managed identity not assigned to the app.";

    /// <summary>Graph's error body first, then the response headers, then what TokenWatch itself sent and saw.</summary>
    private static (string? RequestId, string? ClientRequestId) RequestIds(Exception ex, RequestTrace? trace)
    {
        var inner = (ex as ODataError)?.Error?.InnerError;
        var headers = (ex as ApiException)?.ResponseHeaders;
        var requestId = Clean(inner?.RequestId) ?? Clean(Header(headers, "request-id")) ?? Clean(trace?.RequestId);
        var clientRequestId = Clean(inner?.ClientRequestId)
            ?? Clean(Header(headers, "client-request-id"))
            ?? Clean(trace?.ClientRequestId);
        return (requestId, clientRequestId);
    }

    private static string? RetryAfter(Exception ex, RequestTrace? trace)
    {
        var raw = Header((ex as ApiException)?.ResponseHeaders, "Retry-After") ?? trace?.RetryAfter;
        if (Clean(raw) is not { } value)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? $"{seconds} s"
            : value;
    }

    private static string? Header(IDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers
            ?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault();

    /// <summary>Ids go into logs and emails: keep them short and on one line whatever a server sent.</summary>
    private static string? Clean(string? id) => string.IsNullOrWhiteSpace(id) ? null : Shorten(OneLine(id), 100);

    /// <summary>
    /// Intune often puts a JSON string inside <c>error.message</c>, sometimes two levels deep; show the innermost
    /// <c>Message</c> when it does.
    /// </summary>
    private static string ErrorMessage(ApiException api)
    {
        var raw = api is ODataError { Error.Message: { Length: > 0 } m } ? m : api.Message;
        for (var depth = 0; depth < 3 && raw.TrimStart().StartsWith('{'); depth++)
        {
            try
            {
                using var doc = JsonDocument.Parse(raw);
                if (
                    doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("Message", out var inner)
                    || inner.ValueKind != JsonValueKind.String
                )
                {
                    break;
                }

                raw = inner.GetString() ?? raw;
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text as it came.
                break;
            }
        }

        return OneLine(raw);
    }

    /// <summary>
    /// "Request not applicable to target tenant." is what Intune endpoints answer (400) in a tenant without an
    /// Intune licence or MDM authority [3P]; the licence words cover the messages Microsoft documents elsewhere.
    /// </summary>
    private static bool LooksUnlicensed(string message) =>
        message.Contains("not applicable to target tenant", StringComparison.OrdinalIgnoreCase)
        || message.Contains("licens", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not enabled for Intune", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The first line, without control or bidirectional-override characters: this text comes from a server and
    /// ends up in log lines, tables and emails, where a line break could forge an entry.
    /// </summary>
    public static string OneLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n', '\u0085', '\u2028', '\u2029']);
        var line = (end < 0 ? text : text[..end]).Trim();
        var builder = new StringBuilder(Math.Min(line.Length, 301));
        foreach (var c in line)
        {
            builder.Append(char.IsControl(c) || IsBidiControl(c) ? ' ' : c);
            if (builder.Length > 300)
            {
                break;
            }
        }

        return Shorten(builder.ToString(), 300);
    }

    private static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
