using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TokenWatch.Core.Notifications;
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
    /// <summary>The HTTP status Graph answered with, from the exception or else from what the trace saw.</summary>
    public static int? StatusOf(Exception ex, RequestTrace? trace = null) =>
        Unwrap(ex) is ApiException { ResponseStatusCode: > 0 } api ? api.ResponseStatusCode
        : trace?.StatusCode is >= 400 and var traced ? traced
        : null;

    /// <summary>True when Graph answered with its own JSON error body (an <c>ODataError</c>), not some other server's
    /// page.</summary>
    public static bool IsGraphError(Exception ex) => Unwrap(ex) is ODataError { Error: not null };

    public static PollFailure CredentialSetup(Exception ex, string tenantId) =>
        new(
            TokenKind.Ade,
            FailureCodes.AuthFailed,
            $"The Graph credential could not be set up: {OneLine(ex.Message)}",
            FailureFix.CredentialSetup
        );

    public static PollFailure Classify(TokenKind kind, Exception exception, string tenantId, RequestTrace? trace = null)
    {
        var ex = Unwrap(exception);
        var (requestId, clientRequestId) = GraphAnswer.RequestIds(ex, trace);
        var read = new FailedRead(kind, tenantId, requestId, clientRequestId);
        if (
            ex is AuthenticationFailedException or CredentialUnavailableException
            && NetworkCause(ex.InnerException) is { } network
        )
        {
            // No network is not a bad credential: nothing about the credential was learnt.
            return read.Fail(
                FailureCodes.Unavailable,
                $"Signing in to tenant {tenantId} failed because Microsoft Entra ID could not be reached: "
                    + $"{OneLine(network.Message)}",
                FailureFix.EntraUnreachable
            );
        }

        if (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            return read.Fail(
                FailureCodes.AuthFailed,
                $"Signing in to tenant {tenantId} failed: {OneLine(ex.Message)}",
                FailureFix.SignIn
            );
        }

        // Graph answered with an error status, even if its body could not be parsed (a gateway's HTML page).
        if (StatusOf(ex, trace) is { } status)
        {
            var message = ex is ApiException api
                ? GraphAnswer.ErrorMessage(api)
                : $"the error body could not be read ({OneLine(ex.Message)})";
            return ByStatus(read, status, message, GraphAnswer.RetryAfter(ex, trace));
        }

        return ByException(read, ex);
    }

    /// <summary>A failure without an answer from Graph: too large, unreadable, out of memory, unreachable.</summary>
    private static PollFailure ByException(FailedRead read, Exception ex)
    {
        var what = read.Kind.ToDisplayName();
        return ex switch
        {
            ResponseTooLargeException tooLarge => read.Fail(
                FailureCodes.TooLarge,
                $"Graph's answer for {what}s was refused: {tooLarge.Message}.",
                FailureFix.AnswerTooLarge
            ),
            ResponseEncodingException encoding => read.Fail(
                FailureCodes.Malformed,
                $"Graph's answer for {what}s could not be read: {OneLine(encoding.Message)}.",
                FailureFix.AnswerEncoding
            ),
            OutOfMemoryException => read.Fail(
                FailureCodes.OutOfMemory,
                $"TokenWatch ran out of memory reading {what}s.",
                FailureFix.OutOfMemory
            ),
            GraphTimeoutException timeout => read.Fail(
                FailureCodes.Unavailable,
                $"Graph did not answer the read of {what}s within "
                    + $"{timeout.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.",
                FailureFix.GraphTimeout
            ),
            _ => Unread(read, ex),
        };
    }

    /// <summary>A failure that left nothing to read: an answer that does not parse, no answer, anything else.</summary>
    private static PollFailure Unread(FailedRead read, Exception ex)
    {
        var what = read.Kind.ToDisplayName();
        return ex switch
        {
            JsonException or GraphResponseException or FormatException or InvalidOperationException => read.Fail(
                FailureCodes.Malformed,
                $"Graph's answer for {what}s could not be read: {OneLine(ex.Message)}",
                FailureFix.AnswerUnreadable
            ),
            HttpRequestException or TaskCanceledException or TimeoutException or IOException => read.Fail(
                FailureCodes.Unavailable,
                $"Graph could not be reached for {what}s: {OneLine(ex.Message)}",
                FailureFix.GraphUnreachable
            ),
            _ => read.Fail(
                FailureCodes.Unavailable,
                $"Reading {what}s failed: {ex.GetType().Name}: {OneLine(ex.Message)}",
                FailureFix.ReadFailed
            ),
        };
    }

    private static PollFailure ByStatus(FailedRead read, int status, string message, string? retryAfter)
    {
        var tenantId = read.TenantId;
        if (GraphAnswer.LooksUnlicensed(message))
        {
            return read.Fail(
                FailureCodes.NotLicensed,
                $"Intune is not available in tenant {tenantId} ({status}): {message}",
                FailureFix.AssignIntuneLicence
            );
        }

        return ByStatusCode(read, status, message, retryAfter);
    }

    private static PollFailure ByStatusCode(FailedRead read, int status, string message, string? retryAfter)
    {
        var (kind, what) = (read.Kind, read.Kind.ToDisplayName());
        return status switch
        {
            401 => read.Fail(
                FailureCodes.AuthFailed,
                $"Graph refused TokenWatch's credential for {what}s (401): {message}",
                FailureFix.SignIn
            ),
            403 => read.Fail(
                FailureCodes.PermissionMissing,
                $"Graph denied reading {what}s (403): the permission {FailureFixes.PermissionFor(kind)} is "
                    + $"missing. {message}",
                FailureFix.GrantPermission
            ),
            429 => read.Fail(
                FailureCodes.Throttled,
                $"Graph kept throttling reads of {what}s (429) after retries"
                    + (retryAfter is null ? "." : $"; it last asked to wait {retryAfter}."),
                FailureFix.Throttled
            ),
            >= 500 or 408 => read.Fail(
                FailureCodes.Unavailable,
                $"Graph or Intune failed reading {what}s ({status}): {message}",
                FailureFix.ServiceFailed
            ),
            _ => read.Fail(
                FailureCodes.Unavailable,
                $"Graph answered {status} reading {what}s: {message}",
                FailureFix.OtherStatus
            ),
        };
    }

    /// <summary>The network failure under a sign-in failure, if that is what it was (no DNS, no route,
    /// refused).</summary>
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

    /// <summary>The retry handler wraps its last failures in an <see cref="AggregateException"/>; the last one
    /// tells.</summary>
    private static Exception Unwrap(Exception ex) =>
        ex switch
        {
            AggregateException { InnerExceptions.Count: > 0 } aggregate => Unwrap(aggregate.InnerExceptions[^1]),
            _ => ex,
        };

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

    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
