using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Infrastructure;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddTokenWatch(builder.Configuration);

// Logs, traces and TokenWatch's metrics go to Application Insights when the app has one (always, when deployed
// with infra/); locally the host's console is enough.
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .WithMetrics(metrics => metrics.AddMeter(TokenWatchMetrics.MeterName))
        .UseAzureMonitorExporter();
}

builder.Build().Run();
