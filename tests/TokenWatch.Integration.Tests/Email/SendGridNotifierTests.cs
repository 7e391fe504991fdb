using System.Globalization;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// The real SendGrid client against the fake SendGrid endpoint: what is sent, and how each answer is handled.
/// </summary>
public sealed class SendGridNotifierTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "SG.unit-test-key.do-not-leak";

    /// <summary>Only a safety net against a hung test; no assertion depends on it.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http = new();
    private readonly ObservedClock _clock = new(DigestSamples.Now);
    private readonly FakeLogger<SendGridNotifier> _log = new();
    private FakeSendGrid _sendGrid = null!;

    public async Task InitializeAsync() => _sendGrid = await FakeSendGrid.StartAsync();

    public async Task DisposeAsync() => await _sendGrid.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private SendGridNotifier Notifier(Action<EmailOptions>? configure = null, string? host = null)
    {
        var email = new EmailOptions
        {
            From = "tokenwatch@contoso.example",
            FromName = "TokenWatch (Contoso IT)",
            SendGridApiKey = ApiKey,
            SendGridHost = host ?? _sendGrid.Url,
        };
        configure?.Invoke(email);
        return new SendGridNotifier(Options.Create(new TokenWatchOptions { Email = email }), _http, _clock, _log);
    }

    private static OutgoingEmail Demo() => new FluidDigestRenderer().Render(DigestSamples.Demo());

    private IReadOnlyList<int> Statuses => _sendGrid.Requests.Select(r => r.Status).ToList();

    [Fact]
    public async Task One_request_carries_the_digest_to_every_recipient_with_categories_and_custom_args()
    {
        var email = Demo() with
        {
            Recipients = ["intune-admins@contoso.example", "it-ops@contoso.example", "IT-OPS@contoso.example"],
        };

        await Notifier().SendAsync(email, CancellationToken.None);

        var mail = Assert.Single(_sendGrid.Requests);
        Assert.Equal("Bearer " + ApiKey, mail.Authorization);
        Assert.Equal("tokenwatch@contoso.example", mail.Body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("TokenWatch (Contoso IT)", mail.Body.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal(email.Subject, mail.Subject);
        Assert.Equal(
            ["text/plain", "text/html"],
            mail.Body.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString())
        );
        Assert.Equal(email.Text, mail.Text);
        Assert.Equal(email.Html, mail.Html);

        // One personalization per recipient (each sees only their own address), duplicates dropped.
        var personalizations = mail.Body.GetProperty("personalizations").EnumerateArray().ToList();
        Assert.Equal(
            [
                ["intune-admins@contoso.example"],
                ["it-ops@contoso.example"],
            ],
            personalizations.Select(p =>
                p.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("email").GetString()).ToList()
            )
        );
        Assert.All(personalizations, p => Assert.False(p.TryGetProperty("custom_args", out _)));

        Assert.Equal(["tokenwatch", "severity-critical"], mail.Categories);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["tenant"] = DigestSamples.Contoso.TenantId,
                ["severity"] = "critical",
                ["digest_id"] = email.DigestId,
            },
            mail.CustomArgs
        );
        Assert.Equal("critical", mail.Headers["X-TokenWatch-Severity"]);
        Assert.Equal(email.DigestId, mail.Headers["X-TokenWatch-Digest"]);
        var tracking = mail.Body.GetProperty("tracking_settings");
        Assert.False(tracking.GetProperty("open_tracking").GetProperty("enable").GetBoolean());
        Assert.False(tracking.GetProperty("click_tracking").GetProperty("enable").GetBoolean());
        Assert.False(mail.SandboxMode);
    }

    [Fact]
    public async Task Sandbox_mode_asks_SendGrid_to_validate_without_delivering()
    {
        await Notifier(o => o.SandboxMode = true).SendAsync(Demo(), CancellationToken.None);

        Assert.True(Assert.Single(_sendGrid.Requests).SandboxMode);
    }

    [Fact]
    public async Task A_short_Retry_After_is_waited_out_on_the_clock_and_the_message_sent_once_more()
    {
        _sendGrid.Respond(429, """{"errors":[{"message":"too many requests"}]}""", retryAfter: "30");

        var send = Notifier().SendAsync(Demo(), CancellationToken.None);
        var wait = await _clock.FirstWait.WaitAsync(Hang);

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.False(send.IsCompleted);
        Assert.Equal([429], Statuses);
        _clock.Fake.Advance(TimeSpan.FromSeconds(30));
        await send.WaitAsync(Hang);
        Assert.Equal([429, 202], Statuses);
        Assert.Contains(_log.Collector.GetSnapshot(), r =>
            r.Message.Contains("waiting 30 s", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_Retry_After_date_is_counted_from_the_clock()
    {
        var at = DigestSamples.Now.AddSeconds(45).ToString("r", CultureInfo.InvariantCulture);
        _sendGrid.Respond(429, "", retryAfter: at);

        var send = Notifier().SendAsync(Demo(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(45), await _clock.FirstWait.WaitAsync(Hang));
        _clock.Fake.Advance(TimeSpan.FromSeconds(45));
        await send.WaitAsync(Hang);
        Assert.Equal([429, 202], Statuses);
    }

    [Fact]
    public async Task Without_Retry_After_the_rate_limit_reset_header_is_used()
    {
        var reset = DigestSamples.Now.AddSeconds(12).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _sendGrid.Respond(429, "", headers: new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset });

        var send = Notifier().SendAsync(Demo(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(12), await _clock.FirstWait.WaitAsync(Hang));
        _clock.Fake.Advance(TimeSpan.FromSeconds(12));
        await send.WaitAsync(Hang);
        Assert.Equal([429, 202], Statuses);
    }

    [Fact]
    public async Task A_long_Retry_After_fails_at_once_as_transient_so_the_next_evaluation_sends_it()
    {
        _sendGrid.Respond(429, """{"errors":[{"message":"daily limit reached"}]}""", retryAfter: "3600");

        var failure = await Assert.ThrowsAsync<DeliveryException>(() =>
            Notifier().SendAsync(Demo(), CancellationToken.None)
        );

        Assert.True(failure.Transient);
        Assert.Equal(
            "SendGrid is rate limiting (429, Retry-After 3600 s): daily limit reached. The next evaluation sends "
                + "the digest again.",
            failure.Message
        );
        Assert.False(_clock.Waited);
        Assert.Equal([429], Statuses);
    }

    [Fact]
    public async Task A_second_429_after_the_wait_fails_as_transient_without_a_third_try()
    {
        _sendGrid.Respond(429, "", retryAfter: "5", times: 2);

        var send = Notifier().SendAsync(Demo(), CancellationToken.None);
        await _clock.FirstWait.WaitAsync(Hang);
        _clock.Fake.Advance(TimeSpan.FromSeconds(5));
        var failure = await Assert.ThrowsAsync<DeliveryException>(() => send.WaitAsync(Hang));

        Assert.True(failure.Transient);
        Assert.StartsWith("SendGrid is rate limiting (429, Retry-After 5 s)", failure.Message);
        Assert.Equal([429, 429], Statuses);
    }

    [Fact]
    public async Task Cancelling_during_the_wait_cancels_the_send()
    {
        _sendGrid.Respond(429, "", retryAfter: "20");
        using var cancel = new CancellationTokenSource();

        var send = Notifier().SendAsync(Demo(), cancel.Token);
        await _clock.FirstWait.WaitAsync(Hang);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Hang));
        Assert.Equal([429], Statuses);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_is_transient_and_carries_SendGrids_text(int status)
    {
        _sendGrid.Respond(status, """{"errors":[{"message":"internal error, try again later"}]}""");

        var failure = await Assert.ThrowsAsync<DeliveryException>(() =>
            Notifier().SendAsync(Demo(), CancellationToken.None)
        );

        Assert.True(failure.Transient);
        Assert.Equal(
            $"SendGrid failed ({status}): internal error, try again later. The next evaluation sends the digest again.",
            failure.Message
        );
        Assert.Single(_sendGrid.Requests);
    }

    [Fact]
    public async Task A_refused_message_is_permanent_and_carries_SendGrids_error_text_and_field()
    {
        _sendGrid.Respond(
            400,
            """
            {"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from",
                        "help":"https://sendgrid.example/help"},
                       {"message":"Invalid type. Expected: object","field":"personalizations.0.to"}]}
            """
        );

        var failure = await Assert.ThrowsAsync<DeliveryException>(() =>
            Notifier().SendAsync(Demo(), CancellationToken.None)
        );

        Assert.False(failure.Transient);
        Assert.Equal(
            "SendGrid refused the message (400): The from address does not match a verified Sender Identity. "
                + "(field: from); "
                + "Invalid type. Expected: object (field: personalizations.0.to).",
            failure.Message
        );
    }

    [Fact]
    public async Task A_refused_API_key_is_a_configuration_fault_says_what_to_check_and_never_repeats_the_key()
    {
        _sendGrid.Respond(
            401,
            $$"""{"errors":[{"message":"The provided authorization grant is invalid: {{ApiKey}}"}]}"""
        );

        var failure = await Assert.ThrowsAsync<DeliveryException>(() =>
            Notifier().SendAsync(Demo(), CancellationToken.None)
        );

        Assert.True(failure.Transient);
        Assert.True(failure.Misconfigured);
        Assert.Equal(
            "SendGrid refused the message (401): The provided authorization grant is invalid: [redacted]. "
                + "Check TokenWatch:Email:SendGridApiKey (the key must exist and have the Mail Send permission) and "
                + "that TokenWatch:Email:From is a verified sender; the digest stays pending until then.",
            failure.Message
        );
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Collector.GetSnapshot(), r => r.Message.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_SendGrid_is_transient()
    {
        var failure = await Assert.ThrowsAsync<DeliveryException>(() =>
            Notifier(host: "http://127.0.0.1:1").SendAsync(Demo(), CancellationToken.None)
        );

        Assert.True(failure.Transient);
        Assert.StartsWith("SendGrid could not be reached:", failure.Message);
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_token_name_and_sender_name_reach_SendGrid_as_single_line_headers()
    {
        var digest = DigestSamples.Digest(
            DigestSamples.Entered(
                DigestSamples.Ade("Main\r\nBcc: victim@example.com\r\n\r\n<script>x</script>") with
                {
                    SyncErrorCode = 3,
                },
                Core.Conditions.Condition.SyncError
            )
        );
        var email = new FluidDigestRenderer().Render(digest);

        await Notifier(o => o.FromName = "TokenWatch\r\nBcc: victim@example.com")
            .SendAsync(email, CancellationToken.None);

        var mail = Assert.Single(_sendGrid.Requests);
        Assert.Equal(
            "[TokenWatch] CRITICAL · Contoso · ADE token \"Main Bcc: victim@example.com <script>x</script>\" "
                + "sync error (code 3, often terms not accepted)",
            mail.Subject
        );
        Assert.Equal(
            "TokenWatch Bcc: victim@example.com",
            mail.Body.GetProperty("from").GetProperty("name").GetString()
        );
        Assert.All(mail.Headers.Values.Concat(mail.CustomArgs.Values), v => Assert.DoesNotContain(v, char.IsControl));
        Assert.False(mail.Body.GetProperty("personalizations")[0].TryGetProperty("bcc", out _));
    }
}
