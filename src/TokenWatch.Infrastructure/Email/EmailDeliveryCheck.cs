using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// Says once, at start, when the SendGrid key cannot work (empty, or a Key Vault reference the platform could not
/// resolve). The app still starts: polls go on, and digests wait in the outbox until the key is fixed, instead of
/// the app refusing to start over a secret that may only be minutes from resolving.
/// </summary>
public sealed partial class EmailDeliveryCheck(IOptions<TokenWatchOptions> options, ILogger<EmailDeliveryCheck> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var email = options.Value.Email;
        if (email.UsesSendGrid() && SendGridKey.Problem(email.SendGridApiKey) is { } problem)
        {
            LogEmailDeliveryMisconfigured(problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        EventId = 3002,
        EventName = "EmailDeliveryMisconfigured",
        Level = LogLevel.Error,
        Message = "Email delivery misconfigured: {Reason}"
    )]
    private partial void LogEmailDeliveryMisconfigured(string reason);
}
