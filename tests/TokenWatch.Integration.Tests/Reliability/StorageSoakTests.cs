using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// The soak with every real part: the Graph client against the simulator, the Tables client against Azurite, the
/// SendGrid client against the fake endpoint; 40 days of 5 tenants, a poll and an evaluation every 6 hours, random
/// token lives and random faults on both sides. Shorter than the Core soak (400 days x 50 tenants, stores in memory),
/// because each cycle here is real HTTP and real storage; together they cover the year and the wiring.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class StorageSoakTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private const int Seed = 20_261_125;
    private const int Days = 40;
    private const int Tenants = 5;

    private static readonly SimulatedEndpoint[] TokenEndpoints =
    [
        SimulatedEndpoint.Ade,
        SimulatedEndpoint.Vpp,
        SimulatedEndpoint.Apns,
    ];

    [Fact]
    public async Task Forty_days_of_five_tenants_on_real_storage_lose_nothing_and_send_nothing_twice()
    {
        var random = new Random(Seed);
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: Tenants,
            sendGridUrl: sendGrid.Url,
            configure: s => s["TokenWatch:Graph:RetryDelaySeconds"] = "0"
        );
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < Tenants; i++)
        {
            app.Tenant(i).OneOfEach(now);
            app.Tenant(i).AdeTokens[0].TokenExpirationDateTime = now.AddDays(random.Next(5, 60));
            app.Tenant(i).VppTokens[0].ExpirationDateTime = now.AddDays(random.Next(5, 60));
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var store = app.Services.GetRequiredService<TableAlertLedgerStore>();
        SimulatedFault[] graphFaults =
        [
            SimulatedFault.Unauthorized(),
            SimulatedFault.Forbidden(),
            SimulatedFault.ServerError(),
            SimulatedFault.Unavailable(),
            SimulatedFault.MalformedJson(),
            SimulatedFault.Throttled(retryAfter: null),
            SimulatedFault.GatewayHtml(),
        ];
        int[] sendFaults = [429, 500, 503, FakeSendGrid.Unreachable];
        var decided = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        var acceptedDigests = new HashSet<string>(StringComparer.Ordinal);
        int polls = 0,
            evaluations = 0,
            graphFaultsInjected = 0,
            duplicated = 0,
            sendOutage = 0;

        for (var step = 0; step < Days * 4 + 1; step++)
        {
            var last = step == Days * 4; // the provider accepts from now on: everything must arrive
            app.Clock.Advance(TimeSpan.FromHours(6));
            now = app.Clock.GetUtcNow();
            for (var i = 0; i < Tenants && !last; i++)
            {
                var tenant = app.Tenant(i);
                tenant.ClearFaults();
                Live(tenant, random, now);
                // The token endpoints a poll reads (not the partner tenant's GDAP customers).
                foreach (var endpoint in TokenEndpoints.Where(_ => random.NextDouble() < 0.06))
                {
                    tenant.AddPersistentFault(endpoint, graphFaults[random.Next(graphFaults.Length)]);
                    graphFaultsInjected++;
                }
            }

            sendOutage =
                last ? 0
                : sendOutage > 0 ? sendOutage - 1
                : random.NextDouble() < 0.05 ? random.Next(2, 5)
                : 0;
            sendGrid.Outage = sendOutage > 0 ? sendFaults[random.Next(sendFaults.Length)] : null;
            if (!last && sendOutage == 0 && random.NextDouble() < 0.15)
            {
                sendGrid.Respond(sendFaults[random.Next(sendFaults.Length)]);
            }

            await poll.RunAsync(CancellationToken.None);
            polls++;
            var acceptedBefore = sendGrid.Accepted.Count;
            var results = await evaluation.EvaluateEachAsync(CancellationToken.None);
            evaluations++;
            foreach (var result in results)
            {
                foreach (var e in result.Events)
                {
                    Assert.True(
                        decided.Add(EventIdentity.Of(result.TenantId, e)),
                        $"decided twice: {EventIdentity.Of(result.TenantId, e)}"
                    );
                }
            }

            var newlyAccepted = sendGrid.Accepted.Skip(acceptedBefore).ToList();
            // one email per tenant at most
            Assert.Equal(newlyAccepted.Count, newlyAccepted.Select(m => m.CustomArgs["tenant"]).Distinct().Count());
            foreach (var mail in newlyAccepted)
            {
                Assert.True(
                    acceptedDigests.Add(mail.CustomArgs["digest_id"]),
                    $"digest {mail.CustomArgs["digest_id"]} sent twice"
                );
                var digest = (
                    await store.ReadOutboxAsync(
                        mail.CustomArgs["tenant"],
                        DateTimeOffset.MinValue,
                        CancellationToken.None
                    )
                ).Single(d => d.DigestId == mail.CustomArgs["digest_id"]);
                foreach (
                    var e in digest
                        .Events.Select(e => EventIdentity.Of(digest.TenantId, e))
                        .Where(e => !delivered.Add(e))
                )
                {
                    duplicated++;
                    output.WriteLine($"delivered twice: {e} (digest {digest.DigestId})");
                }
            }

            // Nothing decided is lost on the way: it was delivered, or it waits in a pending digest.
            var pending = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tenantId in app.TenantIds)
            {
                var outbox = await store.ReadOutboxAsync(tenantId, DateTimeOffset.MinValue, CancellationToken.None);
                pending.UnionWith(
                    outbox
                        .Where(d => d.Status == OutboxStatus.Pending)
                        .SelectMany(d => d.Events.Select(e => EventIdentity.Of(tenantId, e)))
                );
            }

            Assert.DoesNotContain(decided, d => !delivered.Contains(d) && !pending.Contains(d));
        }

        var lost = decided.Count(d => !delivered.Contains(d));
        var refused = sendGrid.Requests.Count(r => r.Status != 202);
        report.Line(
            output,
            $"storage soak (seed {Seed}): {Days} days x {Tenants} tenants on Azurite, the simulator and the "
                + $"SendGrid client, {polls * Tenants} tenant polls, {evaluations * Tenants} tenant evaluations, "
                + $"{graphFaultsInjected} Graph faults and {refused} refused sends injected; alerts expected "
                + $"{decided.Count}, delivered {delivered.Count(decided.Contains)}, duplicated {duplicated}, "
                + $"lost {lost}; {sendGrid.Accepted.Count} emails"
        );

        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
        Assert.True(
            decided.Count > 50 && graphFaultsInjected > 50 && refused > 20,
            $"{decided.Count} alerts, {graphFaultsInjected} Graph faults, {refused} refused sends"
        );
    }

    /// <summary>Six hours of token life in one simulated tenant.</summary>
    private static void Live(SimulatedTenant tenant, Random random, DateTimeOffset now)
    {
        var roll = random.NextDouble();
        var ade = tenant.AdeTokens.FirstOrDefault();
        var vpp = tenant.VppTokens.FirstOrDefault();
        if (ade is not null && ade.TokenExpirationDateTime - now < TimeSpan.FromDays(random.Next(-3, 20)))
        {
            ade.TokenExpirationDateTime = now.AddDays(365);
        }

        if (vpp is not null && vpp.ExpirationDateTime - now < TimeSpan.FromDays(random.Next(-3, 20)))
        {
            vpp.ExpirationDateTime = now.AddDays(365);
        }

        switch (roll)
        {
            case < 0.04 when ade is not null:
                ade.LastSyncErrorCode = ade.LastSyncErrorCode == 0 ? 3 : 0;
                break;
            case < 0.08 when vpp is not null:
                vpp.State = vpp.State == "valid" ? "invalid" : "valid";
                break;
            case < 0.10 when ade is not null:
                ade.Syncing = !ade.Syncing;
                ade.LastSuccessfulSyncDateTime = now.AddHours(-1);
                break;
            case < 0.11:
                tenant.ApnsCertificate!.AppleIdentifier = $"apns{random.Next(100)}@contoso.example";
                break;
            case < 0.12 when vpp is not null:
                tenant.VppTokens.Remove(vpp);
                break;
            case < 0.13 when vpp is null:
                tenant.VppTokens.Add(
                    new SimulatedVppToken
                    {
                        Id = $"vpp-{random.Next(1000)}",
                        DisplayName = "Apps",
                        ExpirationDateTime = now.AddDays(random.Next(5, 300)),
                    }
                );
                break;
        }
    }
}
