using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Simulator;

namespace TokenWatch.Benchmarks;

/// <summary>
/// One run: a fresh Azurite and a fresh simulated Intune with <see cref="BenchmarkSettings.Tenants"/> tenants, and
/// TokenWatch wired as the Functions host wires it (<c>AddTokenWatch</c>: the real Graph client, the real Tables
/// client, the outbox folder as notifier) on the system clock. A first cycle reads every tenant cold and sets the
/// alert baseline; then a share of tenants starts failing and the second cycle, poll then evaluate, is measured.
/// </summary>
internal static class CycleBenchmark
{
    public static async Task<CycleFigures> RunAsync(
        BenchmarkSettings settings,
        int parallelism,
        int coldParallelism,
        TextWriter log,
        CancellationToken cancellationToken
    )
    {
        await using var azurite = await AzuriteRunner.StartAsync(m => log.WriteLine(m), cancellationToken);
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System, cancellationToken);
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-bench", Guid.NewGuid().ToString("N"));
        var tenantIds = Enumerable.Range(1, settings.Tenants).Select(i => $"t{i:D5}.bench.example").ToList();
        var now = TimeProvider.System.GetUtcNow();
        foreach (var id in tenantIds)
        {
            Seed(intune.AddTenant(id), now);
        }

        var counter = new TableRequestCounter();
        var logRows = new LogRowCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        await using var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(tableOptions)
            .AddLogging(l => l.AddProvider(logRows))
            .AddTokenWatch(Configuration(settings, parallelism, intune, azurite, outbox, tenantIds))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var problems = services.ConfigurationProblems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The benchmark's configuration is invalid: " + string.Join(" ", problems)
            );
        }

        // The tenants come from the tenant catalog, as an MSP's do: each poll and evaluation reads it first.
        await services
            .GetRequiredService<TableTenantCatalogStore>()
            .SaveAsync(
                tenantIds
                    .Select((id, i) => new CatalogTenant { TenantId = id, DisplayName = $"Customer {i + 1}" })
                    .ToList(),
                cancellationToken
            );

        var poll = services.GetRequiredService<PollService>();
        var evaluation = services.GetRequiredService<EvaluationService>();
        var load = new SimulatedLoad
        {
            Latency = settings.Latency,
            ThrottleRate = settings.ThrottleRate,
            RetryAfterSeconds = settings.RetryAfterSeconds,
            Seed = settings.Seed,
        };

        try
        {
            // The first cycle only prepares the measured one (clients cached, tables made, alert baseline set), so it
            // runs at the widest parallelism whatever the run's: a serial run would spend minutes on it for nothing.
            // The cycle settings object is the one the services read at the start of every cycle.
            var cycle = services.GetRequiredService<CycleSettings>();
            cycle.MaxParallelism = Math.Max(parallelism, coldParallelism);
            log.WriteLine(
                $"  {settings.Tenants} tenants, parallelism {parallelism}: first cycle (cold, parallelism "
                    + $"{cycle.MaxParallelism})…"
            );
            intune.Load = load;
            var cold = Stopwatch.StartNew();
            await poll.RunAsync(cancellationToken);
            await evaluation.RunAsync(cancellationToken);
            cold.Stop();
            cycle.MaxParallelism = parallelism;

            BreakShare(intune, tenantIds, settings, now);
            // What earlier runs and the first cycle left behind is collected and given back to the system, so the
            // working set measured next is this cycle's.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();

            log.WriteLine($"  {settings.Tenants} tenants, parallelism {parallelism}: measured cycle…");
            var loadBefore = LoadAverage();
            intune.Load = load; // the same seeded draw for every run's measured cycle
            var graphBefore = intune.Traffic;
            var tableBefore = counter.Snapshot();
            var logBefore = logRows.Rows;
            using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);
            var cpu = new CpuClock(azuriteProcess);
            await using var peak = PeakWorkingSet.Start();
            var clock = Stopwatch.StartNew();
            var polled = await poll.RunAsync(cancellationToken);
            var pollWall = clock.Elapsed;
            var pollCpu = cpu.Lap();
            var tableAfterPoll = counter.Snapshot();
            var evaluated = await evaluation.RunAsync(cancellationToken);
            var evaluateWall = clock.Elapsed - pollWall;
            var evaluateCpu = cpu.Lap();
            var tableAfter = counter.Snapshot();
            var graph = intune.Traffic.Since(graphBefore);
            var peakBytes = await peak.StopAsync();
            var measuredLogRows = logRows.Rows - logBefore;

            // A quiet cycle: nothing changed since the measured one, the state of a tenant on most hours of its life.
            log.WriteLine($"  {settings.Tenants} tenants, parallelism {parallelism}: quiet cycle…");
            var quietStart = counter.Snapshot();
            var quietLogBefore = logRows.Rows;
            cpu.Lap();
            await poll.RunAsync(cancellationToken);
            var quietAfterPoll = counter.Snapshot();
            await evaluation.RunAsync(cancellationToken);
            var quietCpu = cpu.Lap();

            return new CycleFigures
            {
                Parallelism = parallelism,
                Tenants = settings.Tenants,
                Tokens = polled.Tokens,
                UnreadTenants = polled.UnreadTenants,
                UnstoredTenants = polled.UnstoredTenants,
                EvaluationErrors = evaluated.FailedTenants,
                Digests = evaluated.DigestsSent,
                Graph = graph,
                Latency = settings.Latency,
                PollWall = pollWall,
                EvaluateWall = evaluateWall,
                PollTable = tableAfterPoll.Since(tableBefore),
                EvaluateTable = tableAfter.Since(tableAfterPoll),
                PeakWorkingSetBytes = peakBytes,
                PollCpu = pollCpu,
                EvaluateCpu = evaluateCpu,
                FirstCycleWall = cold.Elapsed,
                LoadBefore = loadBefore,
                MeasuredLogRows = measuredLogRows,
                QuietPollTable = quietAfterPoll.Since(quietStart),
                QuietEvaluateTable = counter.Snapshot().Since(quietAfterPoll),
                QuietCpu = quietCpu,
                QuietLogRows = logRows.Rows - quietLogBefore,
                LoadAfter = LoadAverage(),
            };
        }
        finally
        {
            intune.Load = null;
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    private static IConfiguration Configuration(
        BenchmarkSettings settings,
        int parallelism,
        SimulatedIntune intune,
        AzuriteRunner azurite,
        string outbox,
        IReadOnlyList<string> tenantIds
    )
    {
        var values = new Dictionary<string, string?>
        {
            ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
            ["TokenWatch:Graph:Auth"] = "None",
            // Retry-After: 1 is honoured as told: up to 3 retries, each waiting what Graph asks, at most 30 s in all.
            ["TokenWatch:Graph:MaxRetries"] = "3",
            ["TokenWatch:Graph:RetryDelaySeconds"] = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
            ["TokenWatch:Graph:MaxRetryWaitSeconds"] = "30",
            ["TokenWatch:Graph:RequestTimeoutSeconds"] = "30",
            ["TokenWatch:Cycle:MaxParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture),
            ["TokenWatch:Cycle:TenantTimeoutSeconds"] = "60",
            ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
            ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
            ["TokenWatch:Email:OutboxPath"] = outbox,
            ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString,
        };
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>One token of each kind, healthy and far from expiry: three Graph requests a tenant.</summary>
    private static void Seed(SimulatedTenant tenant, DateTimeOffset now)
    {
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = "ade-1",
                TokenName = "Corporate iPhones",
                AppleIdentifier = "abm@" + tenant.TenantId,
                TokenExpirationDateTime = now.AddDays(200),
            }
        );
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "vpp-1",
                DisplayName = "Apps and Books",
                AppleId = "vpp@" + tenant.TenantId,
                ExpirationDateTime = now.AddDays(250),
            }
        );
        tenant.ApnsCertificate = new SimulatedApnsCertificate
        {
            AppleIdentifier = "apns@" + tenant.TenantId,
            ExpirationDateTime = now.AddDays(300),
        };
    }

    /// <summary>A seeded share of tenants whose ADE sync starts failing: their evaluation sends a digest.</summary>
    private static void BreakShare(
        SimulatedIntune intune,
        IReadOnlyList<string> tenantIds,
        BenchmarkSettings settings,
        DateTimeOffset now
    )
    {
        var random = new Random(settings.Seed);
        foreach (var id in tenantIds.Where(_ => random.NextDouble() < settings.ChangedShare))
        {
            var ade = intune.Tenant(id).AdeTokens[0];
            ade.Syncing = false;
            ade.LastSuccessfulSyncDateTime = now.AddHours(-2);
            ade.LastSyncErrorCode = 3;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), for the record: the machine may be shared.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
