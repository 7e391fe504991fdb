using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Email;
using TokenWatch.Infrastructure.Notifications.Teams;
using TokenWatch.Infrastructure.Notifications.Webhook;

namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// The one place channels are registered: the delivery stages they share, then one line per channel (a formatter
/// and a sender in its own folder). The evaluation sends on every <see cref="IDigestChannel"/> registered here.
/// </summary>
public static class ChannelRegistration
{
    public static IServiceCollection AddTokenWatchChannels(this IServiceCollection services)
    {
        services.AddSharedDeliveryStages();
        services.AddEmailDelivery();

        services.AddSingleton<IDigestChannel, EmailChannel>();
        services.AddSingleton<IDigestChannel, TeamsChannel>();
        services.AddSingleton<IDigestChannel, WebhookChannel>();
        return services;
    }

    /// <summary>Posting (bounded, answers sorted for retry), the outbox-folder copy and the start-up secret
    /// check.</summary>
    private static void AddSharedDeliveryStages(this IServiceCollection services)
    {
        services.AddSingleton<ChannelOutboxFolder>();
        services.AddSingleton<ChannelSend>();
        services.AddHostedService<ChannelDeliveryCheck>();

        // Teams and webhook endpoints are posted to without following redirects: a redirect would carry the
        // signed body somewhere not configured, so it is reported as a configuration fault instead.
        services
            .AddHttpClient(ChannelPost.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton(sp => new ChannelPost(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ChannelPost.HttpClientName),
            sp.GetRequiredService<TimeProvider>()
        ));
    }

    /// <summary>The email's renderer and provider: SendGrid when a key is set, else the outbox folder.</summary>
    private static void AddEmailDelivery(this IServiceCollection services)
    {
        services.AddSingleton<IDigestRenderer, FluidDigestRenderer>();
        services.AddSingleton<INotifier>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TokenWatchOptions>>();
            return options.Value.Email.UsesSendGrid()
                ? new SendGridNotifier(
                    options,
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridHttp.ClientName),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetService<ILogger<SendGridNotifier>>()
                )
                : new OutboxFolderNotifier(options);
        });
        services.AddHostedService<EmailDeliveryCheck>();
    }
}
