using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Retention;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Issue 16's soak: 400 simulated days of 20 tenants on real storage (Azurite), the real Graph client against the
/// simulator and the SendGrid client against the fake endpoint, with token churn (renewals, errors, tokens replaced)
/// and the clean-up after every cycle. A cycle (poll, evaluate) every 2 simulated days keeps the run short; retention
/// is shortened to 90 days (successful polls 14) so the row counts level off well inside the 400 days. It prints the
/// rows of every table per simulated month and the clean-up's time per run, and holds the alert promises throughout:
/// nothing decided twice, nothing lost, nothing delivered twice, no open alert's history deleted.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class YearSoakTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    private const int Seed = 20_261_201;
    private const int Days = 400;
    private const int Tenants = 20;
    private const int StepDays = 8;
    private const int CleanUpEveryDays = 8;
    private const int MonthDays = 30;

    [Fact]
    public async Task Four_hundred_days_of_twenty_tenants_keep_storage_level_and_every_alert_promise()
    {
        var random = new Random(Seed);
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(
            azurite,
            tenants: Tenants,
            sendGridUrl: sendGrid.Url,
            configure: s =>
            {
                s["TokenWatch:Graph:RetryDelaySeconds"] = "0";
                s["TokenWatch:Retention:Days"] = "90";
                s["TokenWatch:Retention:SucceededPollDays"] = "14";
            }
        );
        var now = app.Clock.GetUtcNow();
        for (var i = 0; i < Tenants; i++)
        {
            app.Tenant(i).OneOfEach(now);
            app.Tenant(i).AdeTokens[0].TokenExpirationDateTime = now.AddDays(random.Next(5, 120));
            app.Tenant(i).VppTokens[0].ExpirationDateTime = now.AddDays(random.Next(5, 120));
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var retention = app.Services.GetRequiredService<RetentionService>();
        var ledgers = app.Services.GetRequiredService<TableAlertLedgerStore>();
        var history = app.Services.GetRequiredService<TableTokenStateStore>();
        var decided = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        var totals = new List<long>();
        int duplicated = 0,
            deleted = 0,
            cleanUps = 0;
        RetentionSummary? latest = null;
        var cleanUpTimes = new List<double>();

        for (var day = StepDays; day <= Days; day += StepDays)
        {
            app.Clock.Advance(TimeSpan.FromDays(StepDays));
            now = app.Clock.GetUtcNow();
            // the provider accepts and Graph answers from here: everything must arrive
            var last = day > Days - 3 * StepDays;
            for (var i = 0; i < Tenants; i++)
            {
                app.Tenant(i).ClearFaults();
                Churn(app.Tenant(i), random, now);
                if (!last && random.NextDouble() < 0.03)
                {
                    app.Tenant(i).AddPersistentFault(SimulatedEndpoint.Vpp, SimulatedFault.ServerError());
                }
            }

            sendGrid.Outage = !last && random.NextDouble() < 0.04 ? 503 : null;
            await poll.RunAsync(CancellationToken.None);
            var acceptedBefore = sendGrid.Accepted.Count;
            foreach (var result in await evaluation.EvaluateEachAsync(CancellationToken.None))
            {
                Assert.True(
                    result.Error is null || result.Error.StartsWith("SendGrid", StringComparison.Ordinal),
                    result.Error
                );
                foreach (var e in result.Events)
                {
                    Assert.True(
                        decided.Add(EventIdentity.Of(result.TenantId, e)),
                        $"decided twice: {EventIdentity.Of(result.TenantId, e)}"
                    );
                }
            }

            foreach (var mail in sendGrid.Accepted.Skip(acceptedBefore))
            {
                var digest = (
                    await ledgers.ReadOutboxAsync(
                        mail.CustomArgs["tenant"],
                        now.AddDays(-StepDays - 1),
                        CancellationToken.None
                    )
                ).Single(d => d.DigestId == mail.CustomArgs["digest_id"]);
                duplicated += digest.Events.Count(e => !delivered.Add(EventIdentity.Of(digest.TenantId, e)));
            }

            if (day % CleanUpEveryDays == 0)
            {
                var openHistory = await OpenAlertHistoryAsync(app, ledgers, history);
                var clock = Stopwatch.StartNew();
                latest = await retention.RunAsync(CancellationToken.None);
                cleanUpTimes.Add(clock.Elapsed.TotalSeconds);
                cleanUps++;
                deleted += latest.Deleted;
                Assert.Equal(0, latest.FailedTenants);
                var openHistoryAfter = await OpenAlertHistoryAsync(app, ledgers, history);
                // an open alert's history stays
                Assert.All(openHistory, kept => Assert.Contains(kept, openHistoryAfter));
            }

            if (day / MonthDays > (day - StepDays) / MonthDays && latest is not null)
            {
                totals.Add(latest.Rows.Values.Sum());
                output.WriteLine(
                    $"day {day, 3} (month {day / MonthDays, 2}): {latest.Describe()}; clean-up runs this month "
                        + string.Join(", ", cleanUpTimes.Select(t => $"{t:0.00} s"))
                );
                cleanUpTimes.Clear();
            }
        }

        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tenantId in app.TenantIds)
        {
            var outbox = await ledgers.ReadOutboxAsync(tenantId, DateTimeOffset.MinValue, CancellationToken.None);
            pending.UnionWith(
                outbox
                    .Where(d => d.Status == OutboxStatus.Pending)
                    .SelectMany(d => d.Events.Select(e => EventIdentity.Of(tenantId, e)))
            );
        }

        var lost = decided.Count(d => !delivered.Contains(d) && !pending.Contains(d));
        // After one retention period (90 days, the third month) only churn is added and as much goes: level.
        var plateau = totals.Skip(3).ToList();
        var written = deleted + totals[^1];
        report.Line(
            output,
            $"year soak (seed {Seed}): {Days} days x {Tenants} tenants on Azurite, a cycle every {StepDays} "
                + $"days, clean-up every {CleanUpEveryDays} days "
                + $"(retention 90 days, successful polls 14): rows per month {string.Join(" ", totals)}; "
                + $"{deleted} rows deleted in {cleanUps} clean-ups ({written} kept or deleted); "
                + $"alerts decided {decided.Count}, delivered {delivered.Count(decided.Contains)}, pending "
                + $"{pending.Count}, duplicated {duplicated}, lost {lost}"
        );

        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
        Assert.True(decided.Count > 500, $"{decided.Count} alerts decided");
        // Level: no month after the first retention period holds 25 % more rows than the month it ended in (the
        // open alerts' history and the reminders' digests drift with the random churn), while 4 times as many were
        // written.
        Assert.True(plateau.Max() <= plateau[0] * 1.25, $"rows per month {string.Join(" ", totals)}");
        Assert.True(written > 3 * totals[^1], $"{written} rows written, {totals[^1]} kept");
    }

    /// <summary>
    /// The history an open alert keeps, over all tenants: its token's rows since the alert opened, and the newest
    /// row before (the change it was opened on).
    /// </summary>
    private static async Task<HashSet<string>> OpenAlertHistoryAsync(
        TestApp app,
        TableAlertLedgerStore ledgers,
        TableTokenStateStore history
    )
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tenantId in app.TenantIds)
        {
            var ledger = (await ledgers.LoadAsync(tenantId, CancellationToken.None)).Ledger;
            var changes = await history.ReadChangesAsync(
                tenantId,
                DateTimeOffset.MinValue,
                null,
                CancellationToken.None
            );
            foreach (var (key, token) in ledger.Tokens.Where(t => t.Value.Alerts.Count > 0))
            {
                var since = token.Alerts.Values.Min(a => a.OpenedAt);
                var ofToken = changes.Where(c => c.TokenKey == key).ToList();
                var kept = ofToken.Where(c => c.At >= since).Concat(ofToken.Where(c => c.At < since).TakeLast(1));
                rows.UnionWith(kept.Select(c => $"{tenantId}|{c.RunId}|{c.TokenKey}"));
            }
        }

        return rows;
    }

    /// <summary>
    /// A cycle of token life: renewals near expiry (or late ones), sync errors, invalid states, tokens replaced.
    /// </summary>
    private static void Churn(SimulatedTenant tenant, Random random, DateTimeOffset now)
    {
        var ade = tenant.AdeTokens.FirstOrDefault();
        var vpp = tenant.VppTokens.FirstOrDefault();
        if (ade is not null && ade.TokenExpirationDateTime - now < TimeSpan.FromDays(random.Next(-5, 25)))
        {
            ade.TokenExpirationDateTime = now.AddDays(365);
        }

        if (vpp is not null && vpp.ExpirationDateTime - now < TimeSpan.FromDays(random.Next(-5, 25)))
        {
            vpp.ExpirationDateTime = now.AddDays(365);
        }

        switch (random.NextDouble())
        {
            case < 0.05 when ade is not null:
                ade.LastSyncErrorCode = ade.LastSyncErrorCode == 0 ? 3 : 0;
                break;
            case < 0.10 when vpp is not null:
                vpp.State = vpp.State == "valid" ? "invalid" : "valid";
                break;
            case < 0.12 when vpp is not null:
                tenant.VppTokens.Remove(vpp); // replaced by a new location token on a later cycle
                break;
            case < 0.20 when vpp is null:
                tenant.VppTokens.Add(
                    new SimulatedVppToken
                    {
                        Id = $"vpp-{random.Next(100_000)}",
                        DisplayName = "Apps",
                        ExpirationDateTime = now.AddDays(random.Next(20, 365)),
                    }
                );
                break;
        }
    }
}
