using System.Text.Json;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

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
    public static string PermissionFor(TokenKind kind) =>
        kind == TokenKind.Apns ? ManagedDevicesPermission : ServiceConfigPermission;

    public static int? StatusOf(Exception ex) => Unwrap(ex) is ApiException api && api.ResponseStatusCode > 0 ? api.ResponseStatusCode : null;

    public static PollFailure CredentialSetup(Exception ex, string tenantId) =>
        new(TokenKind.Ade, FailureCodes.AuthFailed, $"The Graph credential could not be set up: {FirstLine(ex.Message)}",
            $"Check the credential configured for tenant {tenantId} (client id, secret or certificate path).");

    public static PollFailure Classify(TokenKind kind, Exception exception, string tenantId)
    {
        var ex = Unwrap(exception);
        var (requestId, clientRequestId) = RequestIds(ex);
        var what = kind.ToDisplayName();
        switch (ex)
        {
            case AuthenticationFailedException or CredentialUnavailableException:
                return new(kind, FailureCodes.AuthFailed, $"Signing in to tenant {tenantId} failed: {FirstLine(ex.Message)}",
                    AuthFix(tenantId));
            case ApiException api:
                var status = api.ResponseStatusCode;
                var message = ErrorMessage(api);
                if (LooksUnlicensed(message))
                {
                    return new(kind, FailureCodes.NotLicensed, $"Intune is not available in tenant {tenantId}: {message}",
                        "Assign an Intune licence in the tenant (Apple connectors need Intune), or remove the tenant from TokenWatch.",
                        requestId, clientRequestId);
                }

                return status switch
                {
                    401 => new(kind, FailureCodes.AuthFailed, $"Graph refused TokenWatch's credential for {what}s (401): {message}",
                        AuthFix(tenantId), requestId, clientRequestId),
                    403 => new(kind, FailureCodes.PermissionMissing,
                        $"Graph denied reading {what}s (403): the permission {PermissionFor(kind)} is missing. {message}",
                        $"Grant the application permission {PermissionFor(kind)} to TokenWatch's identity in tenant {tenantId} and give admin consent.",
                        requestId, clientRequestId),
                    429 => new(kind, FailureCodes.Throttled, $"Graph kept throttling reads of {what}s (429) after retries.",
                        "The next poll retries. If it persists, other tools are using the tenant's Graph limits: poll less often or reduce their load.",
                        requestId, clientRequestId),
                    >= 500 or 408 => new(kind, FailureCodes.Unavailable, $"Graph or Intune failed reading {what}s ({status}): {message}",
                        "The next poll retries. If it persists, check Microsoft 365 service health and give Microsoft support the request-id.",
                        requestId, clientRequestId),
                    _ => new(kind, FailureCodes.Unavailable, $"Graph answered {status} reading {what}s: {message}",
                        "The next poll retries. If it persists, give Microsoft support the request-id.", requestId, clientRequestId),
                };
            case JsonException or GraphResponseException or FormatException or InvalidOperationException:
                return new(kind, FailureCodes.Malformed, $"Graph's answer for {what}s could not be read: {FirstLine(ex.Message)}",
                    "The next poll retries. If it persists, report it with the request-id.", requestId, clientRequestId);
            case HttpRequestException or TaskCanceledException or TimeoutException or IOException:
                return new(kind, FailureCodes.Unavailable, $"Graph could not be reached for {what}s: {FirstLine(ex.Message)}",
                    "The next poll retries. Check the network path to Graph if it persists.");
            default:
                return new(kind, FailureCodes.Unavailable, $"Reading {what}s failed: {ex.GetType().Name}: {FirstLine(ex.Message)}",
                    "The next poll retries. If it persists, report it with the log entry.");
        }
    }

    /// <summary>The retry handler wraps its last failures in an <see cref="AggregateException"/>; the last one tells.</summary>
    private static Exception Unwrap(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Unwrap(aggregate.InnerExceptions[^1]),
        _ => ex,
    };

    private static string AuthFix(string tenantId) =>
        $"Check TokenWatch's credential for tenant {tenantId}: an expired client secret or certificate, missing admin consent, or a managed identity not assigned to the app.";

    private static (string? RequestId, string? ClientRequestId) RequestIds(Exception ex)
    {
        if (ex is ODataError { Error.InnerError: { } inner })
        {
            return (inner.RequestId, inner.ClientRequestId);
        }

        if (ex is ApiException { ResponseHeaders: { } headers })
        {
            return (Header(headers, "request-id"), Header(headers, "client-request-id"));
        }

        return (null, null);
    }

    private static string? Header(IDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>Intune often puts a JSON string inside <c>error.message</c>; show its <c>Message</c> when it does.</summary>
    private static string ErrorMessage(ApiException api)
    {
        var raw = api is ODataError { Error.Message: { Length: > 0 } m } ? m : api.Message;
        if (raw.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(raw);
                if (doc.RootElement.TryGetProperty("Message", out var inner) && inner.ValueKind == JsonValueKind.String)
                {
                    raw = inner.GetString() ?? raw;
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text as it came.
            }
        }

        return FirstLine(raw);
    }

    private static bool LooksUnlicensed(string message) =>
        message.Contains("licens", StringComparison.OrdinalIgnoreCase) || message.Contains("not enabled for Intune", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
