using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Table Storage stops in the middle of a poll and comes back. This test runs its own Azurite, keeping its tables in
/// a temporary folder, so that it can be stopped and started again on the same folder and port: a storage account
/// keeps what it acknowledged through an outage, and only an emulator that keeps its data can show that TokenWatch
/// loses or spoils nothing. (An in-memory Azurite restarts empty; a test on it could only show that TokenWatch copes
/// with a wiped account, which is not what an outage is.) Azurite is stopped as its own Ctrl+C stops it, because
/// killed outright it drops the writes of its last seconds, which a storage account never does.
/// </summary>
public sealed class StorageOutageTests(ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>,
        IAsyncLifetime
{
    private static readonly TimerInfo Timer = new();
    private readonly string _folder = Path.Combine(
        Path.GetTempPath(),
        "tokenwatch-azurite-" + Guid.NewGuid().ToString("N")
    );
    private AzuriteRunner? _azurite;

    public async Task InitializeAsync() =>
        _azurite = await AzuriteRunner.StartAsync(_folder, port: null, progress: null, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Every row of a table, by partition and row key, with all its properties as text.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(string connectionString, string table)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in new TableClient(connectionString, table).QueryAsync<TableEntity>())
        {
            rows[$"{row.PartitionKey}/{row.RowKey}"] = string.Join(
                ";",
                row.Keys.Order(StringComparer.Ordinal)
                    .Select(k =>
                        $"{k}="
                        + (
                            row[k] is byte[] bytes
                                ? Convert.ToBase64String(bytes)
                                : Convert.ToString(row[k], CultureInfo.InvariantCulture)
                        )
                    )
            );
        }

        return rows;
    }

    private static async Task<int> RunRowsAsync(string connectionString, string tenantId)
    {
        var count = 0;
        await foreach (
            var _ in new TableClient(connectionString, "TokenState").QueryAsync<TableEntity>(e =>
                e.PartitionKey == tenantId && e.RowKey.CompareTo("run|") >= 0 && e.RowKey.CompareTo("run|~") < 0
            )
        )
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Storage_stopped_in_the_middle_of_a_poll_loses_nothing_and_the_next_cycle_completes()
    {
        var azurite = _azurite!;
        var storage = azurite.ConnectionString;
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(storage, tenants: 3, sendGridUrl: sendGrid.Url, services: s =>
            s.AddFakeLogging()
        );
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        }

        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var logs = app.Services.GetFakeLogCollector();

        // Cycle 1: every tenant stored and told about its invalid VPP token.
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        Assert.All(await evaluation.EvaluateEachAsync(CancellationToken.None), r => Assert.NotNull(r.Email));
        app.Clock.Advance(TimeSpan.FromHours(1));

        // Cycle 2: a sync error everywhere; tenant 3's Graph answers slowly, and storage stops while it waits.
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).AdeTokens[0].LastSyncErrorCode = 3;
        }

        app.Tenant(2).AddFault(SimulatedEndpoint.Ade, SimulatedFault.Slow(TimeSpan.FromSeconds(10)));
        var poll = app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Tenant(2).WaitForDelayedRequestAsync(TestApp.Patience());
        var patience = TestApp.Patience();
        while (await RunRowsAsync(storage, app.TenantIds[0]) < 2 || await RunRowsAsync(storage, app.TenantIds[1]) < 2)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, patience);
        }

        var tokenState = await SnapshotAsync(storage, "TokenState");
        await azurite.StopAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await poll.WaitAsync(TestApp.Patience()); // the poll itself completes: storage trouble is per tenant
        var storeFailed = logs.GetSnapshot()
            .Where(r => r.Id.Name == "TenantStoreFailed")
            .Select(r => r.GetStructuredStateValue("TenantId"))
            .ToList();
        var duringOutage = await evaluation.EvaluateEachAsync(CancellationToken.None);

        _azurite = azurite = await AzuriteRunner.StartAsync(
            _folder,
            azurite.Port,
            progress: null,
            CancellationToken.None
        );
        var tokenStateAfter = await SnapshotAsync(storage, "TokenState");

        // Cycle 3, an hour later: everything read and stored again, and the sync errors told once.
        app.Clock.Advance(TimeSpan.FromHours(1));
        logs.Clear();
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        var afterOutage = await evaluation.EvaluateEachAsync(CancellationToken.None);
        await evaluation.EvaluateEachAsync(CancellationToken.None);
        var changed =
            tokenState.Count - tokenStateAfter.Count(r => tokenState.TryGetValue(r.Key, out var v) && v == r.Value);

        report.Line(
            output,
            $"storage outage in the middle of a poll: {storeFailed.Count} tenant writes failed and logged, "
                + $"{duringOutage.Count(r => r.Error is not null)} evaluations failed cleanly during the outage, "
                + $"{tokenState.Count} stored rows kept "
                + $"({changed} lost or changed), "
                + $"next cycle: {afterOutage.Count(r => r.Email is not null)} of 3 tenants told, emails "
                + $"{sendGrid.Accepted.Count} (expected 6)"
        );

        Assert.Equal([app.TenantIds[2]], storeFailed);
        Assert.All(duringOutage, r => Assert.True(r.Error is not null && r.Email is null, $"{r.TenantId}: {r.Error}"));
        Assert.Equal(tokenState, tokenStateAfter); // nothing lost, nothing half-written by the interrupted poll
        // cycles 1 and 3: the interrupted one left nothing
        Assert.Equal(2, await RunRowsAsync(storage, app.TenantIds[2]));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
        Assert.All(afterOutage, r =>
        {
            Assert.Null(r.Error);
            Assert.Contains(r.Events, e => e.Condition == Condition.SyncError);
        });
        Assert.Equal(6, sendGrid.Accepted.Count);
        Assert.Equal(6, sendGrid.Accepted.Select(m => m.CustomArgs["digest_id"]).Distinct().Count());
        Assert.All(app.TenantIds, t =>
            Assert.Single(sendGrid.Accepted, m =>
                m.CustomArgs["tenant"] == t && m.Subject.Contains("sync error", StringComparison.Ordinal)
            )
        );
    }
}
