using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Says once, at start, when a Teams or webhook setting is a Key Vault reference the platform could not resolve, so
/// ops learn it from the first restart rather than from the first digest that waits on it.
/// </summary>
public sealed partial class ChannelDeliveryCheck(
    IOptions<TokenWatchOptions> options,
    ILogger<ChannelDeliveryCheck> logger
) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (channel, problem) in ChannelSecrets.Problems(options.Value))
        {
            LogChannelDeliveryMisconfigured(channel, problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        EventId = 3003,
        EventName = "ChannelDeliveryMisconfigured",
        Level = LogLevel.Error,
        Message = "{Channel} delivery misconfigured: {Reason}"
    )]
    private partial void LogChannelDeliveryMisconfigured(DeliveryChannel channel, string reason);
}
