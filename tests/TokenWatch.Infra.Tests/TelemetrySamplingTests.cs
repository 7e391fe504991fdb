using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// Nothing an alert or the workbook counts is sampled away: the Azure Monitor exporter, as the Functions app's own
/// registration configures it with the deployed settings, exports every trace and every log record.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class TelemetrySamplingTests(InfraFixture infra)
{
    [Fact]
    public void The_deployed_app_exports_every_trace_and_every_log_record()
    {
        var settings = PlatformSettings.Resolve(infra.Walkthrough(Walkthroughs.SingleTenant), Walkthroughs.Secrets);
        using var host = RehearsedApp.BuildFunctionsHost(settings);

        var exporter = host.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;

        Assert.Equal(
            (null, 1.0F, false),
            (exporter.TracesPerSecond, exporter.SamplingRatio, exporter.EnableTraceBasedLogsSampler)
        );
        Assert.NotNull(exporter.Credential);
    }

    [Fact]
    public void The_exporter_left_to_its_defaults_would_drop_records()
    {
        // Why the pin matters: the exporter's own defaults rate-limit traces and drop the logs of unsampled ones.
        var defaults = new AzureMonitorExporterOptions();

        Assert.True(defaults.TracesPerSecond is not null || defaults.SamplingRatio < 1.0F);
        Assert.True(defaults.EnableTraceBasedLogsSampler);
    }

    [Fact]
    public void Host_json_keeps_no_sampling_block_that_OpenTelemetry_mode_ignores()
    {
        var hostJson = System.Text.Json.Nodes.JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json"))
        )!;

        Assert.Equal("OpenTelemetry", hostJson["telemetryMode"]!.ToString());
        Assert.Null(hostJson["logging"]!["applicationInsights"]);
    }
}
