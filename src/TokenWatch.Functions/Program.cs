using System.Globalization;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Functions;
using TokenWatch.Infrastructure;

var builder = FunctionsApplication.CreateBuilder(args);

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

// Logs, traces and TokenWatch's metrics go to Application Insights when the app has one (always, when deployed
// with infra/); locally the host's console is enough.
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder
        .Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .WithMetrics(metrics =>
            metrics
                .AddMeter(TokenWatchMetrics.MeterName)
                // One series per token: an MSP with a thousand tenants has some 3,000, above the SDK's default limit of
                // 2,000 series per metric, past which new tokens would silently go unrecorded.
                .AddView(
                    TokenWatchMetrics.DaysUntilExpiry,
                    new MetricStreamConfiguration { CardinalityLimit = 100_000 }
                )
        )
        .UseAzureMonitorExporter(exporter =>
        {
            // The deployment turns off key-based ingestion: telemetry must be sent with the app's identity.
            if (
                AppInsightsAuthentication.ManagedIdentityClientId(
                    builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]
                ) is
                { } clientId
            )
            {
                exporter.Credential = new ManagedIdentityCredential(
                    ManagedIdentityId.FromUserAssignedClientId(clientId)
                );
            }
        });
}

builder.Build().Run();
