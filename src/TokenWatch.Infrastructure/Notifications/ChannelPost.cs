using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// One JSON POST to a Teams or webhook endpoint, bounded in time (the answer included) and in the answer's size,
/// with the outcome sorted the way the outbox needs it:
/// <list type="bullet">
/// <item>2xx: accepted;</item>
/// <item>408, 429, 5xx, a timeout or a network error: transient, stays pending (a Retry-After is kept);</item>
/// <item>a redirect (not followed), 401, 403, 404, 410: misconfigured
/// (<see cref="DeliveryException.Misconfigured"/>), stays pending until the URL or the secret is fixed;</item>
/// <item>any other 4xx: refused for good, recorded with the endpoint's answer; a 413 is marked
/// <see cref="DeliveryException.TooLarge"/>, so the webhook can send the digest in smaller parts instead.</item>
/// </list>
/// Every message is scrubbed of the URL and the secret.
/// </summary>
public sealed class ChannelPost(HttpClient http, TimeProvider clock)
{
    /// <summary>The part of an endpoint's answer read, redacted, then cut to <see cref="MaxShown"/>.</summary>
    private const int MaxAnswer = 16 * 1024;

    /// <summary>The part of an endpoint's answer kept in a refusal's message.</summary>
    private const int MaxShown = 500;

    public const string HttpClientName = "Channels";

    public async Task PostAsync(ChannelRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
        {
            Content = new ByteArrayContent(request.Body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = new CancellationTokenSource(request.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var answer = await ReadAnswerAsync(response, request.Secrets, linked.Token);
            throw Refusal(request, response, answer);
        }
        catch (HttpRequestException ex)
        {
            var reason = SecretText.Redact(ex.Message, request.Secrets);
            throw new DeliveryException($"{request.Channel} could not be reached: {reason}", transient: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException(
                $"{request.Channel} did not answer within {request.Timeout.TotalSeconds:0} s.",
                transient: true
            );
        }
    }

    private DeliveryException Refusal(ChannelRequest request, HttpResponseMessage response, string answer)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        var said = answer.Length == 0 ? "" : $": {answer.TrimEnd('.')}";
        if (status is 408 or 429 or >= 500)
        {
            var wait = retryAfter is { } w ? $", Retry-After {w.TotalSeconds:0} s" : "";
            return new DeliveryException($"{request.Channel} answered {status}{wait}{said}.", transient: true)
            {
                RetryAfter = retryAfter,
            };
        }

        if (status is >= 300 and < 400 or 401 or 403 or 404 or 410)
        {
            return DeliveryException.Misconfiguration(
                $"{request.Channel} answered {status}{said}. Check {request.Setting} (not shown: it is a secret); "
                    + "the digest waits until it is fixed."
            );
        }

        // 413: the body was too large for this endpoint; a channel that can cut the digest smaller does so.
        return new DeliveryException($"{request.Channel} refused the digest ({status}){said}.", transient: false)
        {
            TooLarge = status == 413,
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > clock.GetUtcNow() ? date - clock.GetUtcNow() : TimeSpan.Zero,
            _ => null,
        };

    /// <summary>
    /// The start of the answer, one line: enough to say why, never the whole of whatever was sent back. Redacted
    /// before it is cut; when the read stopped short, its last characters may hold the start of a secret that can no
    /// longer match, so they are dropped.
    /// </summary>
    private static async Task<string> ReadAnswerAsync(
        HttpResponseMessage response,
        IReadOnlyList<string?> secrets,
        CancellationToken cancellationToken
    )
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswer];
        var read = 0;
        while (
            read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0
        )
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (read == buffer.Length)
        {
            text = text[..Math.Max(0, text.Length - SecretText.Longest(secrets))];
        }

        return Core.Notifications.Words.Clean(SecretText.Redact(text, secrets), MaxShown);
    }
}
