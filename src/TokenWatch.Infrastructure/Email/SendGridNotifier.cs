using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Sends a digest through SendGrid's v3 mail send API: one request per digest, one personalization per recipient.
/// <para>
/// Why one personalization per recipient rather than one "to" list or BCC: every admin gets their own copy with
/// only their own address in "To" (an MSP often lists its staff and the customer's contacts on one tenant, who must
/// not see each other's addresses; there is no reply-all storm), while it stays a single API call, so the digest is
/// accepted or refused as a whole. BCC would still need a visible "To" address and hides that the mail was meant for
/// the reader. SendGrid allows 1,000 personalizations per request, far above any tenant's recipient list.
/// </para>
/// <para>
/// Retries: the SendGrid SDK does not retry 429, and with an injected <see cref="HttpClient"/> it retries nothing.
/// A 429 whose Retry-After is short (at most <see cref="EmailOptions.MaxRetryAfterSeconds"/>) is waited out on the
/// <see cref="TimeProvider"/> and tried once more; anything else that may pass later (429, 5xx, 408, network) is a
/// transient <see cref="DeliveryException"/>, and the next evaluation sends the digest again because the ledger was
/// not written. A 401 or 403 (and a key that is missing or an unresolved Key Vault reference, which is not sent at
/// all) is a configuration fault: transient, and marked <see cref="DeliveryException.Misconfigured"/>. Other 4xx are
/// permanent and carry SendGrid's own error text. The API key never appears in a log line or an exception message.
/// </para>
/// </summary>
public sealed partial class SendGridNotifier : INotifier
{
    private readonly SendGridClient _client;
    private readonly EmailOptions _email;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public SendGridNotifier(
        IOptions<TokenWatchOptions> options,
        HttpClient httpClient,
        TimeProvider clock,
        ILogger<SendGridNotifier>? logger = null
    )
    {
        _email = options.Value.Email;
        _clock = clock;
        _logger = logger ?? NullLogger<SendGridNotifier>.Instance;
        // A key that cannot work is never sent (SendAsync says why instead); the client still needs a non-empty one.
        var usableKey = SendGridKey.Problem(_email.SendGridApiKey) is null ? _email.SendGridApiKey : "not-configured";
        var clientOptions = new SendGridClientOptions { ApiKey = usableKey };
        if (!string.IsNullOrWhiteSpace(_email.SendGridHost))
        {
            clientOptions.Host = _email.SendGridHost;
        }

        _client = new SendGridClient(httpClient, clientOptions);
    }

    private TimeSpan MaxWait => TimeSpan.FromSeconds(Math.Clamp(_email.MaxRetryAfterSeconds, 0, 300));
    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(_email.SendTimeoutSeconds);

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        // Not sent at all: an unresolved reference would go to SendGrid as the bearer token and come back a 401.
        if (SendGridKey.Problem(_email.SendGridApiKey) is { } keyProblem)
        {
            throw DeliveryException.Misconfiguration(keyProblem);
        }

        var message = SendGridMessages.Build(email, _email);
        var response = await PostAsync(message, cancellationToken);
        if (
            response.StatusCode == HttpStatusCode.TooManyRequests
            && RetryAfter(response) is { } wait
            && wait <= MaxWait
        )
        {
            LogRateLimited(email.DigestId, wait.TotalSeconds);
            await Task.Delay(wait, _clock, cancellationToken);
            response = await PostAsync(message, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, cancellationToken);
        }
    }

    private async Task<DeliveryException> RefusalAsync(Response response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            // Redirects are not followed (SendGridHttp): nothing was delivered, and the digest stays for the next try.
            return SendGridRefusals.Redirected(status, response);
        }

        var errors = Redact(await SendGridErrorText.ReadAsync(response, cancellationToken));
        return SendGridRefusals.For(response.StatusCode, errors, RetryAfter(response));
    }

    private async Task<Response> PostAsync(SendGridMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendEmailAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryException($"SendGrid could not be reached: {Redact(ex.Message)}", transient: true, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException("SendGrid did not answer in time.", transient: true, ex);
        }
    }

    /// <summary>How long SendGrid asks to wait: Retry-After (seconds or a date), else X-RateLimit-Reset.</summary>
    private TimeSpan? RetryAfter(Response response)
    {
        var now = _clock.GetUtcNow();
        if (response.Headers?.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max0(date - now) : null);
        }

        if (
            response.Headers?.TryGetValues("X-RateLimit-Reset", out var values) == true
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
        )
        {
            return Max0(DateTimeOffset.FromUnixTimeSeconds(epoch) - now);
        }

        return null;
    }

    private static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    /// <summary>Defence in depth: should any text ever echo the API key, it does not travel further.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_email.SendGridApiKey)
            ? text
            : text.Replace(_email.SendGridApiKey, "[redacted]", StringComparison.Ordinal);

    [LoggerMessage(
        EventId = 3001,
        EventName = "SendGridRateLimited",
        Level = LogLevel.Warning,
        Message = "SendGrid rate limited digest {DigestId}; "
            + "waiting {Seconds} s as Retry-After asks, then trying once more"
    )]
    private partial void LogRateLimited(string digestId, double seconds);
}
