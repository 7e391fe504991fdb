using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>What ops see in the Azure portal: stable log events with ids and names, and metrics.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_poll_logs_stable_events_and_records_days_until_expiry_and_failures()
    {
        await using var app = await TestApp.StartAsync(azurite, tenants: 2, services: s =>
            s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Information))
        );
        var now = app.Clock.GetUtcNow();
        app.Tenant(0)
            .AdeTokens.Add(
                new SimulatedAdeToken
                {
                    Id = "ade-1",
                    TokenName = "Main",
                    TokenExpirationDateTime = now.AddDays(20).AddHours(1),
                }
            );
        // With a push certificate: a tenant with ADE tokens and none would be critical ("not configured").
        app.Tenant(0).ApnsCertificate = new SimulatedApnsCertificate
        {
            AppleIdentifier = "apns@contoso.example",
            ExpirationDateTime = now.AddDays(300),
        };
        app.Tenant(1)
            .AddFault(
                SimulatedEndpoint.Vpp,
                new SimulatedFault(403, SimulatedFault.ODataError("Forbidden", "Application is not authorized")),
                times: 10
            );
        var meterFactory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var days = new MetricCollector<int>(
            meterFactory,
            TokenWatchMetrics.MeterName,
            "tokenwatch.token.days_until_expiry"
        );
        using var failed = new MetricCollector<long>(
            meterFactory,
            TokenWatchMetrics.MeterName,
            "tokenwatch.poll.tenants_failed"
        );

        await app.Create<PollTokens>().RunAsync(new TimerInfo(), CancellationToken.None);

        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, r => r.Id.Id == 1001 && r.Id.Name == "PollStarted");
        Assert.Contains(logs, r =>
            r.Id.Id == 1002 && r.Id.Name == "PollCompleted" && r.Message.Contains("2 tenants, 1 with failures")
        );
        // One Information row per tenant and poll (issue 16): the per-token detail is at Debug, the days in the metric.
        Assert.DoesNotContain(logs, r => r.Id.Name == "TokenObserved");
        var polled = Assert.Single(logs, r => r.Id.Name == "TenantPolled" && r.Message.Contains(app.TenantIds[0]));
        Assert.Equal((1010, LogLevel.Information), (polled.Id.Id, polled.Level));
        Assert.Contains("worst warning, 0 endpoints failed", polled.Message);
        Assert.Equal(2, logs.Count(r => r.Level == LogLevel.Information && r.Id.Id is not (1001 or 1002)));
        var failure = Assert.Single(logs, r => r.Id.Name == "TenantPollFailed");
        Assert.Equal((1003, LogLevel.Warning), (failure.Id.Id, failure.Level));
        Assert.Contains("permission-missing", failure.Message);
        Assert.Contains(app.TenantIds[1], failure.Message);

        var ade = Assert.Single(days.GetMeasurementSnapshot(), m => (string?)m.Tags["token"] == "ade-1");
        Assert.Equal(20, ade.Value);
        Assert.Equal(app.TenantIds[0], ade.Tags["tenant"]);
        // The token's own status beside its days: the workbook's overview lists tokens worst first from it.
        Assert.Equal("warning", ade.Tags["status"]);
        var apns = Assert.Single(days.GetMeasurementSnapshot(), m => (string?)m.Tags["kind"] == "apns");
        Assert.Equal((300, "ok"), (apns.Value, (string?)apns.Tags["status"]));
        var permission = Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Equal(
            ("permission-missing", "vpp"),
            ((string?)permission.Tags["cause"], (string?)permission.Tags["kind"])
        );
    }

    [Fact]
    public async Task A_sent_digest_is_logged_as_AlertSent_and_counted_by_severity()
    {
        await using var app = await TestApp.StartAsync(azurite, services: s =>
            s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Information))
        );
        app.Tenant()
            .VppTokens.Add(
                new SimulatedVppToken
                {
                    Id = "vpp-1",
                    DisplayName = "Apps",
                    State = "invalid",
                    ExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
                }
            );
        var meterFactory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(meterFactory, TokenWatchMetrics.MeterName, "tokenwatch.alerts.sent");

        await app.Create<PollTokens>().RunAsync(new TimerInfo(), CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(new TimerInfo(), CancellationToken.None);

        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        var alert = Assert.Single(logs, r => r.Id.Name == "AlertSent");
        Assert.Equal(2001, alert.Id.Id);
        Assert.Contains(app.TenantIds[0], alert.Message);
        var measurement = Assert.Single(sent.GetMeasurementSnapshot());
        Assert.Equal((1, "critical"), (measurement.Value, (string?)measurement.Tags["severity"]));
    }
}
