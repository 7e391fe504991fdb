using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TokenWatch.Core.Diagnostics;

namespace TokenWatch.Functions;

/// <summary>
/// Logs, traces and TokenWatch's metrics to Application Insights when the app has one (always, when deployed with
/// infra/); locally the host's console is enough.
/// </summary>
public static class FunctionsTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddTokenWatchTelemetry(this IServiceCollection services, IConfiguration settings)
    {
        if (string.IsNullOrWhiteSpace(settings[ConnectionStringSetting]))
        {
            return services;
        }

        services
            .AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics =>
                metrics
                    .AddMeter(TokenWatchMetrics.MeterName)
                    // One series per token: an MSP with a thousand tenants has some 3,000, above the SDK's default
                    // limit of 2,000 series per metric, past which new tokens would silently go unrecorded.
                    .AddView(
                        TokenWatchMetrics.DaysUntilExpiry,
                        new MetricStreamConfiguration { CardinalityLimit = 100_000 }
                    )
            )
            .UseAzureMonitorExporter(exporter => Configure(exporter, settings));
        return services;
    }

    private static void Configure(AzureMonitorExporterOptions exporter, IConfiguration settings)
    {
        // Every alert and the workbook count log records written inside invocations: none may be sampled away.
        // The exporter's default rate-limits traces per second and drops the logs of unsampled traces; host.json's
        // samplingSettings do not apply in OpenTelemetry mode. TokenWatch sends a few hundred records an hour.
        exporter.TracesPerSecond = null;
        exporter.SamplingRatio = 1.0F;
        exporter.EnableTraceBasedLogsSampler = false;

        // The deployment turns off key-based ingestion: telemetry must be sent with the app's identity.
        if (
            AppInsightsAuthentication.ManagedIdentityClientId(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) is
            { } clientId
        )
        {
            exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
    }
}
