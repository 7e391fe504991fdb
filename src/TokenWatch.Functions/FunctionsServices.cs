using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TokenWatch.Infrastructure;

namespace TokenWatch.Functions;

/// <summary>The Functions app's services: the one registration Program.cs and the deployment rehearsal use.</summary>
public static class FunctionsServices
{
    public static IHostApplicationBuilder AddTokenWatchFunctions(this IHostApplicationBuilder builder)
    {
        // The poll's time budget follows the host's own limit unless a setting says otherwise.
        if (
            builder.Configuration[HostTimeout.Setting] is null
            && HostTimeout.Seconds(Path.Combine(AppContext.BaseDirectory, "host.json")) is { } seconds
        )
        {
            builder.Configuration.AddInMemoryCollection([
                new(HostTimeout.Setting, seconds.ToString(CultureInfo.InvariantCulture)),
            ]);
        }

        builder.Services.AddTokenWatch(builder.Configuration);
        builder.Services.AddTokenWatchTelemetry(builder.Configuration);
        builder.Services.AddCredentialExpiryWatch(builder.Configuration);
        return builder;
    }
}
