using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Sends a digest through SendGrid as one API call with one personalization per recipient: every admin gets
/// their own copy (an MSP's customer contacts never see each other's addresses) and SendGrid's activity feed
/// can be searched by tenant, severity and digest id through the custom args.
/// </summary>
public sealed class SendGridNotifier : INotifier
{
    private readonly SendGridClient _client;
    private readonly EmailOptions _email;

    public SendGridNotifier(IOptions<TokenWatchOptions> options, HttpClient httpClient)
    {
        _email = options.Value.Email;
        var clientOptions = new SendGridClientOptions { ApiKey = _email.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(_email.SendGridHost))
        {
            clientOptions.Host = _email.SendGridHost;
        }

        _client = new SendGridClient(httpClient, clientOptions);
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(_email.From, _email.FromName),
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        for (var i = 0; i < email.Recipients.Count; i++)
        {
            message.AddTo(new EmailAddress(email.Recipients[i]), i);
        }

        message.AddCategories(["tokenwatch", $"severity-{email.Severity.ToSlug()}"]);
        message.AddCustomArgs(new Dictionary<string, string>
        {
            ["tenant"] = email.TenantId,
            ["severity"] = email.Severity.ToSlug(),
            ["digest_id"] = email.DigestId,
        });
        if (_email.SandboxMode)
        {
            message.SetSandBoxMode(true);
        }

        Response response;
        try
        {
            response = await _client.SendEmailAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new DeliveryException($"SendGrid could not be reached: {ex.Message}", transient: true, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var transient = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
        throw new DeliveryException($"SendGrid answered {status}: {Shorten(body)}", transient);
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
