using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>
/// What keeps a cycle over many tenants cheap and visible: the Table round trips each tenant costs, the simulator's
/// shared load the benchmark relies on, and the progress people see. Counts, never timings.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ScaleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_poll_stores_each_tenant_with_two_reads_and_one_transaction_and_an_evaluation_moves_a_quiet_ledger_with_one_write()
    {
        var counter = new TableRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        await using var app = await TestApp.StartAsync(azurite, tenants: 3, services: s => s.AddSingleton(tableOptions));
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow());
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        await poll.RunAsync(CancellationToken.None);
        await evaluation.RunAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));

        counter.Clear();
        var polled = await poll.RunAsync(CancellationToken.None);
        var pollRequests = counter.Clear();
        var evaluated = await evaluation.RunAsync(CancellationToken.None);
        var evaluationRequests = counter.Clear();

        Assert.Equal(new PollSummary(3, 0, 0, 9, polled.Duration), polled);
        // Per tenant one transaction of writes, after two reads: the stored tokens and the newest poll (a poll is never
        // recorded before the newest one, so a clock set back cannot hide its changes from evaluations). Once per
        // poll, the tenant catalog (one query for up to a thousand tenants).
        Assert.Equal(["GET query", "GET query", "GET query", "GET query", "GET query", "GET query", "GET query", "POST $batch", "POST $batch", "POST $batch"], pollRequests.Order());
        Assert.Equal(new EvaluationSummary(3, 0, 0, 0, evaluated.Duration), evaluated);
        // Per tenant: the ledger row and the polls since its watermark (they changed nothing, so their history is not
        // read); then the ledger moves on.
        Assert.Equal(3, evaluationRequests.Count(r => r == "GET entity"));
        Assert.Equal(3 + 1, evaluationRequests.Count(r => r == "GET query")); // and the tenant catalog, once
        Assert.Equal(3, evaluationRequests.Count(r => r == "PUT entity"));
        Assert.Equal(10, evaluationRequests.Count);
    }

    [Fact]
    public async Task A_poll_too_large_for_one_transaction_is_stored_whole_and_counts_its_changes_on_its_run_row()
    {
        await using var app = await TestApp.StartAsync(azurite);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        AddAdeTokens(app, 60);

        var polled = await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);

        Assert.Equal(new PollSummary(1, 0, 0, 63, polled.Duration), polled);
        var rows = await app.RowsAsync("TokenState");
        Assert.Equal(63, rows.Count(r => r.RowKey.StartsWith("token|", StringComparison.Ordinal)));
        Assert.Equal(63, rows.Count(r => r.RowKey.StartsWith("hist|", StringComparison.Ordinal)));
        var run = Assert.Single(rows, r => r.RowKey.StartsWith("run|", StringComparison.Ordinal));
        Assert.Equal(63, run.GetInt32("Changes"));
    }

    [Fact]
    public async Task Changes_of_a_poll_that_died_between_its_transactions_are_still_read_by_the_next_evaluation()
    {
        var failing = new FailingTransactions();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(failing, HttpPipelinePosition.PerCall);
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton(tableOptions));
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        var poll = app.Services.GetRequiredService<PollService>();
        await poll.RunAsync(CancellationToken.None);
        await app.Services.GetRequiredService<EvaluationService>().RunAsync(CancellationToken.None);
        var watermark = (await app.Services.GetRequiredService<TokenWatch.Core.Alerts.IAlertLedgerStore>().LoadAsync(app.TenantIds[0], CancellationToken.None)).Ledger.Watermark;

        AddAdeTokens(app, 60);
        app.Clock.Advance(TimeSpan.FromHours(1));
        failing.FailAfter(1);
        var died = await poll.RunAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await poll.RunAsync(CancellationToken.None);
        var activity = await app.Services.GetRequiredService<TokenWatch.Core.Alerts.IPollHistory>().LoadSinceAsync(app.TenantIds[0], watermark, CancellationToken.None);

        Assert.Equal(1, died.UnstoredTenants);
        // History rows go before token rows: the first transaction stored every new token's history and only some
        // of the token rows, so the poll after it sees the rest as new again. Nothing is lost either way: every new
        // token is among the died poll's changes (read through its marker) or the next poll's.
        var latest = Assert.Single(activity.Polls);
        Assert.NotEmpty(activity.EarlierChanges);
        var told = activity.EarlierChanges.Concat(latest.Changes).Select(c => c.TokenKey).ToHashSet(StringComparer.Ordinal);
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains($"ade:new-{i:D2}", told));
        Assert.Single(await app.RowsAsync("TokenState"), r => r.RowKey.StartsWith("run|!writing|", StringComparison.Ordinal));
    }

    private static void AddAdeTokens(TestApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            app.Tenant().AdeTokens.Add(new SimulatedAdeToken
            {
                Id = $"new-{i:D2}", TokenName = $"Token {i}", AppleIdentifier = "abm@contoso.example", TokenExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
            });
        }
    }

    [Fact]
    public async Task The_simulators_shared_load_throttles_every_tenant_and_counts_the_waits_its_429s_asked_for()
    {
        // No retries, so the 429s are final and nothing waits out their Retry-After.
        await using var app = await GraphHarness.StartAsync(azurite, tenants: 2, configure: s => s["TokenWatch:Graph:MaxRetries"] = "0");
        app.Intune.Load = new SimulatedLoad { ThrottleRate = 1, RetryAfterSeconds = 7, Seed = 3 };

        var throttled = await app.PollAsync();
        var traffic = app.Intune.Traffic;
        app.Intune.Load = null;
        var normal = await app.PollAsync();

        Assert.All(throttled, r =>
        {
            Assert.Empty(r.Tokens);
            Assert.All(r.Failures, f => Assert.Equal(FailureCodes.Throttled, f.Code));
            Assert.Equal(3, r.Failures.Count);
        });
        Assert.Equal(new SimulatedTraffic(6, 6, TimeSpan.FromSeconds(42)), traffic);
        Assert.All(normal, r => Expect.ReadNormally(r, app.Rules, app.Clock.GetUtcNow()));
        Assert.Equal(new SimulatedTraffic(6, 0, TimeSpan.Zero), app.Intune.Traffic.Since(traffic));
    }

    [Fact]
    public async Task Run_with_redirected_output_reports_progress_as_a_line_per_tenth_on_stderr_and_the_outcome_on_stdout()
    {
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var tenants = Enumerable.Range(1, 20).Select(i => $"{Guid.NewGuid()}").ToList();
        foreach (var tenant in tenants)
        {
            intune.AddTenant(tenant).OneOfEach(DateTimeOffset.UtcNow);
        }

        intune.Tenant(tenants[4]).AddPersistentFault(SimulatedEndpoint.Vpp, SimulatedFault.Forbidden());
        var config = await ConfigAsync(intune, tenants);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await TokenWatchCli.RunAsync(["run", "--config", config], stdout, stderr, CancellationToken.None);

        Assert.Equal(3, code);
        Assert.Equal("Cycle done: 20 tenants polled (1 with read failures, 0 not stored), 0 digests sent, 0 evaluations failed." + Environment.NewLine, stdout.ToString());
        var lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var polling = lines.Where(l => l.StartsWith("Polling: ", StringComparison.Ordinal)).ToList();
        var evaluating = lines.Where(l => l.StartsWith("Evaluating: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, polling.Count);
        Assert.Equal(10, evaluating.Count);
        Assert.StartsWith("Polling: 20/20 tenants, 1 failed, ", polling[^1]);
        Assert.StartsWith("Evaluating: 20/20 tenants, 0 failed, ", evaluating[^1]);
        Assert.All(polling.Concat(evaluating), l => Assert.EndsWith(" s elapsed", l));
        File.Delete(config);
    }

    [Fact]
    public async Task Check_with_redirected_output_keeps_stdout_json_and_reports_progress_on_stderr()
    {
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var tenants = Enumerable.Range(1, 4).Select(i => $"{Guid.NewGuid()}").ToList();
        foreach (var tenant in tenants)
        {
            intune.AddTenant(tenant).OneOfEach(DateTimeOffset.UtcNow);
        }

        var config = await ConfigAsync(intune, tenants);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await TokenWatchCli.RunAsync(["check", "--config", config, "--output", "json"], stdout, stderr, CancellationToken.None);

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(4, report.RootElement.GetProperty("tenants").GetArrayLength());
        var progress = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, progress.Length);
        Assert.All(progress, l => Assert.StartsWith("Reading: ", l));
        Assert.StartsWith("Reading: 4/4 tenants, 0 failed, ", progress[^1]);
        File.Delete(config);
    }

    private async Task<string> ConfigAsync(SimulatedIntune intune, IReadOnlyList<string> tenants)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tokenwatch-scale-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            TokenWatch = new
            {
                Graph = new { BaseUrl = intune.BaseUrl + "/tenants/{tenantId}", Auth = "None", RetryDelaySeconds = 0 },
                Tenants = tenants.Select(t => new { TenantId = t }).ToArray(),
                Email = new
                {
                    From = "tokenwatch@contoso.example",
                    Recipients = new[] { "admins@contoso.example" },
                    OutboxPath = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString()),
                },
                Storage = new { azurite.ConnectionString },
            },
        }));
        return file;
    }

    /// <summary>Once armed, lets a number of transactions through and fails the next one, as a process dying midway would.</summary>
    private sealed class FailingTransactions : HttpPipelinePolicy
    {
        /// <summary>Transactions still let through; the one that takes it to -1 fails, and then all pass again.</summary>
        private int _countdown = -1;

        public void FailAfter(int transactions) => Volatile.Write(ref _countdown, transactions);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message.Request);
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message.Request);
            await ProcessNextAsync(message, pipeline);
        }

        private void Check(Request request)
        {
            if (request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) && Interlocked.Decrement(ref _countdown) == -1)
            {
                throw new IOException("The process died before this transaction was sent.");
            }
        }
    }

    /// <summary>Notes each request the Tables SDK sends (every attempt) as method and kind: a query, one entity, or a transaction.</summary>
    private sealed class TableRequestCounter : HttpPipelinePolicy
    {
        private readonly List<string> _requests = [];

        /// <summary>The requests since the last call, and starts counting anew.</summary>
        public List<string> Clear()
        {
            lock (_requests)
            {
                var requests = _requests.ToList();
                _requests.Clear();
                return requests;
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Note(message.Request);
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Note(message.Request);
            await ProcessNextAsync(message, pipeline);
        }

        private void Note(Request request)
        {
            var path = request.Uri.Path;
            var kind = path.EndsWith("/$batch", StringComparison.Ordinal) ? "$batch"
                : path.EndsWith(')') && path.Contains("PartitionKey=", StringComparison.Ordinal) ? "entity"
                : path.EndsWith("/Tables", StringComparison.Ordinal) ? "table"
                : "query";
            lock (_requests)
            {
                _requests.Add($"{request.Method} {kind}");
            }
        }
    }
}
