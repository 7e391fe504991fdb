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
    private const int MaxPersonalizations = 1000;
    private const int MaxHeaderValue = 200;

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

        var message = Build(email);
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

        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            // Redirects are not followed (SendGridHttp): nothing was delivered, and the digest stays for the next try.
            throw new DeliveryException(Redirected(status, response), transient: true);
        }

        var errors = Redact(await ErrorTextAsync(response, cancellationToken));
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            throw new DeliveryException(
                $"SendGrid refused the message as too large (413): {errors} It is sent again in smaller parts.",
                transient: true
            )
            {
                TooLarge = true,
            };
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var after = RetryAfter(response) is { } later ? $"Retry-After {later.TotalSeconds:0} s" : "no Retry-After";
            throw new DeliveryException(
                $"SendGrid is rate limiting (429, {after}): {errors} The next evaluation sends the digest again.",
                transient: true
            );
        }

        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new DeliveryException(
                $"SendGrid failed ({status}): {errors} The next evaluation sends the digest again.",
                transient: true
            );
        }

        // SendGrid refuses the account, not this email: a revoked or under-privileged key, an unverified sender.
        // Fixing that makes the same digest deliverable, so it stays pending instead of counting as told.
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw DeliveryException.Misconfiguration(
                $"SendGrid refused the message ({status}): {errors} Check TokenWatch:Email:SendGridApiKey "
                    + "(the key must exist and have the Mail Send permission) and that TokenWatch:Email:From is a "
                    + "verified sender; the digest stays pending until then."
            );
        }

        throw new DeliveryException($"SendGrid refused the message ({status}): {errors}", transient: false);
    }

    private SendGridMessage Build(OutgoingEmail email)
    {
        var recipients = email
            .Recipients.Select(r => r.Trim())
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (recipients.Count == 0)
        {
            throw new DeliveryException($"Digest {email.DigestId} has no recipients.", transient: false);
        }

        if (recipients.Count > MaxPersonalizations)
        {
            throw new DeliveryException(
                $"Digest {email.DigestId} has {recipients.Count} recipients; SendGrid takes at most {MaxPersonalizations} in one message.",
                transient: false
            );
        }

        var severity = email.Severity.ToSlug();
        var message = new SendGridMessage
        {
            From = new EmailAddress(_email.From.Trim(), HeaderValue(_email.FromName)),
            Subject = Words.Clean(email.Subject, DigestComposer.MaxSubjectLength),
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        for (var i = 0; i < recipients.Count; i++)
        {
            message.AddTo(new EmailAddress(recipients[i]), i);
        }

        // Message-level (global) custom args apply to every personalization; per-personalization ones would tag
        // only the first recipient's copy. Together with the categories they make the activity feed searchable.
        message.AddCategories(["tokenwatch", $"severity-{severity}"]);
        message.AddGlobalCustomArgs(
            new Dictionary<string, string>
            {
                ["tenant"] = HeaderValue(email.TenantId),
                ["severity"] = severity,
                ["digest_id"] = HeaderValue(email.DigestId),
            }
        );
        message.AddGlobalHeaders(EmailHeaders.For(email));
        foreach (var attachment in email.Attachments)
        {
            var content = Convert.ToBase64String(attachment.Content);
            message.AddAttachment(attachment.FileName, content, attachment.ContentType, "attachment");
        }

        // An alert must not load a tracking pixel or send its portal links through a redirector: the email stays
        // free of external resources, and the links read as what they are.
        message.SetClickTracking(false, false);
        message.SetOpenTracking(false);
        message.SetSubscriptionTracking(false);
        if (_email.SandboxMode)
        {
            message.SetSandBoxMode(true);
        }

        return message;
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

    private static string Redirected(int status, Response response)
    {
        var target = response.Headers?.Location is { IsAbsoluteUri: true } location
            ? $" to {location.GetLeftPart(UriPartial.Authority)}"
            : "";
        return $"SendGrid answered with a redirect ({status}{target}), which TokenWatch does not follow: "
            + "nothing was delivered. Check TokenWatch:Email:SendGridHost; the next evaluation sends the digest again.";
    }

    /// <summary>How long SendGrid asks to wait: Retry-After (seconds or a date), else X-RateLimit-Reset (epoch seconds).</summary>
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

    /// <summary>SendGrid's <c>{"errors":[{"message","field"}]}</c> as one line; any other body cleaned and shortened.</summary>
    private static async Task<string> ErrorTextAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (
                json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array
            )
            {
                var lines = errors
                    .EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e =>
                    {
                        var text =
                            e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                                ? m.GetString()
                                : null;
                        var field =
                            e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String
                                ? f.GetString()
                                : null;
                        return string.IsNullOrWhiteSpace(field) ? text : $"{text} (field: {field})";
                    })
                    .Where(t => !string.IsNullOrWhiteSpace(t))
                    .ToList();
                if (lines.Count > 0)
                {
                    return Words.Clean(string.Join("; ", lines), 500).TrimEnd('.') + ".";
                }
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's JSON (a proxy's HTML page, an empty body): shown as it is, cleaned below.
        }

        return string.IsNullOrWhiteSpace(body) ? "(no error text)." : Words.Clean(body, 500);
    }

    /// <summary>Defence in depth: should any text ever echo the API key, it does not travel further.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_email.SendGridApiKey)
            ? text
            : text.Replace(_email.SendGridApiKey, "[redacted]", StringComparison.Ordinal);

    private static string HeaderValue(string value) => Words.Clean(value, MaxHeaderValue);

    [LoggerMessage(
        EventId = 3001,
        EventName = "SendGridRateLimited",
        Level = LogLevel.Warning,
        Message = "SendGrid rate limited digest {DigestId}; waiting {Seconds} s as Retry-After asks, then trying once more"
    )]
    private partial void LogRateLimited(string digestId, double seconds);
}
