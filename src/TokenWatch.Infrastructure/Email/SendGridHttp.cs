using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Email;

/// <summary>
/// The <see cref="HttpClient"/> SendGrid is called through. It follows no redirect: a 302 would turn the POST into a
/// GET whose 200 looks like a delivery, and a 307 would post the whole email (recipients, subject, body) and the
/// API key's request to another host. A 3xx is therefore an answer of its own, a failure. Each request, its answer's
/// body included, is bounded in time (<see cref="EmailOptions.SendTimeoutSeconds"/>) and the answer in size.
/// </summary>
public static class SendGridHttp
{
    public const string ClientName = "SendGrid";

    /// <summary>SendGrid answers a mail send with an empty body or a short JSON error: a megabyte is plenty.</summary>
    public const long MaxResponseBytes = 1024 * 1024;

    public static void AddSendGridHttpClient(this IServiceCollection services) =>
        services
            .AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() =>
                new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }
            )
            .ConfigureHttpClient(
                (sp, http) =>
                {
                    // The SDK reads the whole answer within HttpClient.Timeout and up to MaxResponseContentBufferSize.
                    http.Timeout = TimeSpan.FromSeconds(
                        sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Email.SendTimeoutSeconds
                    );
                    http.MaxResponseContentBufferSize = MaxResponseBytes;
                }
            );
}
