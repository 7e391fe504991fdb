using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Every Graph fault class at once, one per tenant, through whole cycles: the read of each fault is classified,
/// admins of that tenant are told "monitoring failed" with that cause after the third failed poll (once), told
/// "restored" after two clean polls once the fault is gone, and the healthy tenant beside them hears nothing.
/// GraphFaultTests covers each class on its own (retry counts, request ids in the log, hangs and slow answers on
/// the fake clock); this covers what admins receive when all of them happen in one deployment.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class GraphFaultCycleTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private sealed record FaultClass(string Name, SimulatedEndpoint Endpoint, SimulatedFault Fault, string Cause);

    private static readonly FaultClass[] Faults =
    [
        new("401 expired token", SimulatedEndpoint.Ade, SimulatedFault.Unauthorized(), FailureCodes.AuthFailed),
        new(
            "403 permission missing (ADE)",
            SimulatedEndpoint.Ade,
            SimulatedFault.Forbidden(),
            FailureCodes.PermissionMissing
        ),
        new(
            "403 permission missing (APNs)",
            SimulatedEndpoint.Apns,
            SimulatedFault.Forbidden(),
            FailureCodes.PermissionMissing
        ),
        new("400 no Intune licence", SimulatedEndpoint.Vpp, SimulatedFault.NotLicensed(), FailureCodes.NotLicensed),
        new(
            "429 without Retry-After",
            SimulatedEndpoint.Vpp,
            SimulatedFault.Throttled(retryAfter: null),
            FailureCodes.Throttled
        ),
        new(
            "429 with a long Retry-After",
            SimulatedEndpoint.Ade,
            SimulatedFault.Throttled(retryAfter: "120"),
            FailureCodes.Throttled
        ),
        new("500 server error", SimulatedEndpoint.Apns, SimulatedFault.ServerError(), FailureCodes.Unavailable),
        new("503 unavailable", SimulatedEndpoint.Vpp, SimulatedFault.Unavailable(), FailureCodes.Unavailable),
        new("502 gateway HTML", SimulatedEndpoint.Ade, SimulatedFault.GatewayHtml(502), FailureCodes.Unavailable),
        new("504 gateway HTML", SimulatedEndpoint.Vpp, SimulatedFault.GatewayHtml(504), FailureCodes.Unavailable),
        new("404 on a collection", SimulatedEndpoint.Vpp, SimulatedFault.NotFound(), FailureCodes.Unavailable),
        new("malformed JSON", SimulatedEndpoint.Apns, SimulatedFault.MalformedJson(), FailureCodes.Malformed),
        new("truncated JSON", SimulatedEndpoint.Ade, SimulatedFault.TruncatedJson(), FailureCodes.Malformed),
        new(
            "a page of the wrong shape",
            SimulatedEndpoint.Vpp,
            SimulatedFault.Json("""{ "value": { "id": "x" } }"""),
            FailureCodes.Malformed
        ),
        new(
            "a redirect to another host",
            SimulatedEndpoint.Ade,
            SimulatedFault.Redirect("http://127.0.0.2:9/beta/deviceManagement/depOnboardingSettings"),
            FailureCodes.Malformed
        ),
    ];

    private static TokenKind KindOf(SimulatedEndpoint endpoint) =>
        endpoint switch
        {
            SimulatedEndpoint.Ade => TokenKind.Ade,
            SimulatedEndpoint.Vpp => TokenKind.Vpp,
            _ => TokenKind.Apns,
        };

    [Fact]
    public async Task Every_fault_class_is_told_once_as_monitoring_failed_with_its_cause_and_once_as_restored()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: Faults.Length + 1);
        var healthy = Faults.Length;
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var events = Enumerable.Range(0, Faults.Length + 1).Select(_ => new List<AlertEvent>()).ToList();
        var emails = new int[Faults.Length + 1];

        async Task CycleAsync(Action<IReadOnlyList<TenantReading>>? check = null)
        {
            var readings = await app.PollAsync();
            check?.Invoke(readings);
            var results = await evaluation.EvaluateEachAsync(CancellationToken.None).WaitAsync(TestApp.Patience());
            foreach (var result in results)
            {
                // Results arrive as tenants finish: place each by its tenant.
                var i = app.TenantIds.ToList().IndexOf(result.TenantId);
                Assert.Null(result.Error);
                events[i].AddRange(result.Events);
                emails[i] += result.Email is null ? 0 : 1;
            }

            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        await CycleAsync(); // the baseline: every tenant read normally
        for (var i = 0; i < Faults.Length; i++)
        {
            app.Tenant(i).AddPersistentFault(Faults[i].Endpoint, Faults[i].Fault);
        }

        var faultedReads = 0;
        for (var poll = 1; poll <= 3; poll++)
        {
            await CycleAsync(readings =>
            {
                for (var i = 0; i < Faults.Length; i++)
                {
                    Assert.Equal(
                        Faults[i].Cause,
                        Expect.OnlyFailed(readings[i], KindOf(Faults[i].Endpoint), Faults[i].Cause).Code
                    );
                    faultedReads++;
                }

                Expect.ReadNormally(readings[healthy], app.Rules, app.Clock.GetUtcNow());
            });
        }

        var failedTold = events
            .Take(Faults.Length)
            .Select(e => e.Count(x => x.Kind == AlertEventKind.MonitoringFailed))
            .ToList();
        for (var i = 0; i < Faults.Length; i++)
        {
            app.Tenant(i).ClearFaults();
        }

        await CycleAsync();
        await CycleAsync();

        for (var i = 0; i < Faults.Length; i++)
        {
            var told = events[i];
            var failed = Assert.Single(told, e => e.Kind == AlertEventKind.MonitoringFailed);
            Assert.True(Faults[i].Cause == failed.Failure?.Code, $"{Faults[i].Name}: told '{failed.Failure?.Code}'");
            Assert.Equal(3, failed.ConsecutiveFailures);
            Assert.Equal(KindOf(Faults[i].Endpoint), failed.Failure!.Kind);
            Assert.Single(told, e => e.Kind == AlertEventKind.MonitoringRestored);
            Assert.Equal(2, told.Count);
            Assert.Equal(2, emails[i]);
        }

        Assert.Empty(events[healthy]);
        Assert.Equal(0, emails[healthy]);
        report.Line(
            output,
            $"graph faults: {Faults.Length} fault classes on {Faults.Length} tenants beside a healthy one, "
                + $"{faultedReads} faulted reads classified, "
                + $"{failedTold.Sum()} monitoring-failed alerts (expected {Faults.Length}), "
                + $"{events.Sum(e => e.Count(x => x.Kind == AlertEventKind.MonitoringRestored))} restored, "
                + $"{events[healthy].Count} alerts for the healthy tenant"
        );
    }
}
