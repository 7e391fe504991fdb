using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Enrollment;
using TokenWatch.Infrastructure;
using TokenWatch.Simulator;

namespace TokenWatch.Benchmarks;

/// <summary>
/// The enrollment scan of one tenant with one ADE token of <c>--devices</c> devices (<see cref="SimulatedFleet"/>),
/// wired as the Functions host wires it, against a fresh Azurite and simulator on the system clock. First a cold
/// poll and evaluation, then a quiet one (what the hourly cycle costs the tenant, scan rows present or not), then the
/// measured scan: Graph requests and bytes, wall and CPU time, and the process's peak working set.
/// </summary>
internal static class EnrollmentBenchmark
{
    private const string TenantId = "enroll.bench.example";

    public static async Task<EnrollmentFigures> RunAsync(
        int devices,
        TextWriter log,
        CancellationToken cancellationToken
    )
    {
        await using var azurite = await AzuriteRunner.StartAsync(m => log.WriteLine(m), cancellationToken);
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System, cancellationToken);
        var tenant = intune.AddTenant(TenantId);
        Seed(tenant, devices, TimeProvider.System.GetUtcNow());
        var counter = new TableRequestCounter();
        var logRows = new LogRowCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        await using var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(tableOptions)
            .AddLogging(l => l.AddProvider(logRows))
            .AddTokenWatch(Configuration(intune, azurite))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var poll = services.GetRequiredService<PollService>();
        var evaluation = services.GetRequiredService<EvaluationService>();

        log.WriteLine($"  {devices:N0} devices: cold cycle…");
        await poll.RunAsync(cancellationToken);
        await evaluation.RunAsync(cancellationToken);
        log.WriteLine($"  {devices:N0} devices: quiet cycle…");
        var (graphBefore, tableBefore, logBefore) = (intune.Traffic, counter.Snapshot(), logRows.Rows);
        await poll.RunAsync(cancellationToken);
        var tableAfterPoll = counter.Snapshot();
        var quietGraph = intune.Traffic.Since(graphBefore).Requests;
        await evaluation.RunAsync(cancellationToken);
        var quiet = (
            Graph: quietGraph,
            Poll: tableAfterPoll.Since(tableBefore),
            Evaluate: counter.Snapshot().Since(tableAfterPoll),
            Logs: logRows.Rows - logBefore
        );

        log.WriteLine($"  {devices:N0} devices: measured scan…");
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var (scanGraphBefore, bytesBefore, scanTableBefore) = (intune.Traffic, intune.BytesServed, counter.Snapshot());
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await using var peak = PeakWorkingSet.Start();
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<EnrollmentScanService>().RunAsync(cancellationToken);
        var wall = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var peakBytes = await peak.StopAsync();
        var scan = (await services.GetRequiredService<IEnrollmentStore>().LoadAsync(TenantId, cancellationToken))
            .Tokens.Single()
            .LastComplete
            ?? throw new InvalidOperationException("The benchmark's scan did not complete.");
        return new EnrollmentFigures
        {
            Devices = devices,
            DevicePageSize = tenant.DevicePageSize,
            ScanGraphRequests = intune.Traffic.Since(scanGraphBefore).Requests,
            ScanBytes = intune.BytesServed - bytesBefore,
            ScanWall = wall,
            ScanCpu = cpu,
            ScanPeakWorkingSetBytes = peakBytes,
            ScanTable = counter.Snapshot().Since(scanTableBefore),
            StoredDevices = scan.Devices,
            StoredFailed = scan.Count(EnrollmentStates.Failed),
            StoredUnassigned = scan.Unassigned,
            QuietPollGraphRequests = quiet.Graph,
            QuietPollTable = quiet.Poll,
            QuietEvaluateTable = quiet.Evaluate,
            QuietLogRows = quiet.Logs,
        };
    }

    /// <summary>
    /// One token of each kind, healthy; the ADE token with the fleet, iOS with a default profile, macOS not.
    /// </summary>
    private static void Seed(SimulatedTenant tenant, int devices, DateTimeOffset now)
    {
        var ade = new SimulatedAdeToken
        {
            Id = "ade-1",
            TokenName = "Corporate devices",
            TokenExpirationDateTime = now.AddDays(200),
            SyncedDeviceCount = devices,
        };
        ade.Devices.AddRange(SimulatedFleet.Create(devices, now));
        ade.DefaultProfiles["ios"] = SimulatedFleet.ProfileId;
        tenant.AdeTokens.Add(ade);
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "vpp-1",
                DisplayName = "Apps",
                ExpirationDateTime = now.AddDays(250),
            }
        );
        tenant.ApnsCertificate = new SimulatedApnsCertificate { ExpirationDateTime = now.AddDays(300) };
        tenant.Connectors.Add(new("appleDepLastSyncDateTime", "ade-1", "healthy", now.AddHours(-3)));
        tenant.Connectors.Add(new("applePushNotificationServiceExpirationDateTime", "apns", "healthy", now));
    }

    private static IConfiguration Configuration(SimulatedIntune intune, AzuriteRunner azurite) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
                    ["TokenWatch:Graph:Auth"] = "None",
                    ["TokenWatch:Tenants:0:TenantId"] = TenantId,
                    ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
                    ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
                    ["TokenWatch:Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "tokenwatch-bench", "enroll"),
                    ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString,
                    ["TokenWatch:Cycle:FunctionTimeoutSeconds"] = (30 * 60).ToString(CultureInfo.InvariantCulture),
                }
            )
            .Build();
}
