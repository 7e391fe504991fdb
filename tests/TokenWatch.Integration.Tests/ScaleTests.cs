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
    public async Task A_quiet_cycle_costs_each_tenant_one_query_and_one_transaction_to_poll_and_one_query_to_evaluate()
    {
        var counter = new TableRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        await using var app = await TestApp.StartAsync(azurite, tenants: 3, services: s =>
            s.AddSingleton(tableOptions)
        );
        for (var i = 0; i < 3; i++)
        {
            app.Tenant(i).OneOfEach(app.Clock.GetUtcNow());
        }

        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        // The first cycle and the clean polls the ledger still counts (up to the recovery polls) write the ledger.
        for (var cycle = 0; cycle < 4; cycle++)
        {
            await poll.RunAsync(CancellationToken.None);
            await evaluation.RunAsync(CancellationToken.None);
            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        counter.Clear();
        var polled = await poll.RunAsync(CancellationToken.None);
        var pollRequests = counter.Clear();
        var evaluated = await evaluation.RunAsync(CancellationToken.None);
        var evaluationRequests = counter.Clear();

        Assert.Equal(new PollSummary(3, 0, 0, 9, polled.Duration), polled);
        // The poll reads the tenant catalog (one query for up to a thousand tenants) and its backlog (tenants a poll
        // before it did not reach) once; then per tenant one query (the stored tokens with the tenant's head row,
        // which names the newest poll) and one transaction.
        Assert.Equal(
            [
                "GET entity",
                "GET query",
                "GET query",
                "GET query",
                "GET query",
                "POST $batch",
                "POST $batch",
                "POST $batch",
            ],
            pollRequests.Order()
        );
        Assert.Equal(new EvaluationSummary(3, 0, 0, 0, evaluated.Duration), evaluated);
        // The tenant catalog once, then per tenant one query: the ledger row with the polls since its watermark, which
        // share the tenant's partition. They changed nothing, so their history is not read, and the ledger is not
        // written (only its watermark would move, by less than a day).
        Assert.Equal(["GET query", "GET query", "GET query", "GET query"], evaluationRequests);
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
        Assert.Equal(
            63,
            rows.Count(r => r.RowKey.StartsWith("token|", StringComparison.Ordinal) && r.RowKey != "token|!head")
        );
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
        var watermark = (
            await app
                .Services.GetRequiredService<TokenWatch.Core.Alerts.IAlertLedgerStore>()
                .LoadAsync(app.TenantIds[0], CancellationToken.None)
        )
            .Ledger
            .Watermark;

        AddAdeTokens(app, 60);
        app.Clock.Advance(TimeSpan.FromHours(1));
        failing.FailAfter(1);
        var died = await poll.RunAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await poll.RunAsync(CancellationToken.None);
        var activity = await app
            .Services.GetRequiredService<TokenWatch.Core.Alerts.IPollHistory>()
            .LoadSinceAsync(app.TenantIds[0], watermark, CancellationToken.None);

        Assert.Equal(1, died.UnstoredTenants);
        // History rows go before token rows: the first transaction stored every new token's history and only some
        // of the token rows, so the poll after it sees the rest as new again. Nothing is lost either way: every new
        // token is among the died poll's changes (read through its marker) or the next poll's.
        var latest = Assert.Single(activity.Polls);
        Assert.NotEmpty(activity.EarlierChanges);
        var told = activity
            .EarlierChanges.Concat(latest.Changes)
            .Select(c => c.TokenKey)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains($"ade:new-{i:D2}", told));
        Assert.Single(await app.RowsAsync("TokenState"), r =>
            r.RowKey.StartsWith("run|!writing|", StringComparison.Ordinal)
        );
    }

    private static void AddAdeTokens(TestApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            app.Tenant()
                .AdeTokens.Add(
                    new SimulatedAdeToken
                    {
                        Id = $"new-{i:D2}",
                        TokenName = $"Token {i}",
                        AppleIdentifier = "abm@contoso.example",
                        TokenExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
                    }
                );
        }
    }

    [Fact]
    public async Task The_simulators_shared_load_throttles_every_tenant_and_counts_the_waits_its_429s_asked_for()
    {
        // No retries, so the 429s are final and nothing waits out their Retry-After.
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 2, configure: s =>
            s["TokenWatch:Graph:MaxRetries"] = "0"
        );
        app.Intune.Load = new SimulatedLoad
        {
            ThrottleRate = 1,
            RetryAfterSeconds = 7,
            Seed = 3,
        };

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
        // Each tenant's three reads, and once more at the end of the poll: a throttled tenant gives up its slot and is
        // retried after the others.
        Assert.Equal(new SimulatedTraffic(12, 12, TimeSpan.FromSeconds(84)), traffic);
        Assert.All(normal, r => Expect.ReadNormally(r, app.Rules, app.Clock.GetUtcNow()));
        Assert.Equal(new SimulatedTraffic(6, 0, TimeSpan.Zero), app.Intune.Traffic.Since(traffic));
    }

    [Fact]
    public async Task Run_with_redirected_output_reports_progress_a_line_per_tenth_on_stderr_and_the_outcome_on_stdout()
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
        Assert.Equal(
            "Cycle done: 20 tenants polled (1 with read failures, 0 not stored), 0 digests sent, 0 evaluations failed."
                + Environment.NewLine,
            stdout.ToString()
        );
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

        var code = await TokenWatchCli.RunAsync(
            ["check", "--config", config, "--output", "json"],
            stdout,
            stderr,
            CancellationToken.None
        );

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
        await File.WriteAllTextAsync(
            file,
            JsonSerializer.Serialize(
                new
                {
                    TokenWatch = new
                    {
                        Graph = new
                        {
                            BaseUrl = intune.BaseUrl + "/tenants/{tenantId}",
                            Auth = "None",
                            RetryDelaySeconds = 0,
                        },
                        Tenants = tenants.Select(t => new { TenantId = t }).ToArray(),
                        Email = new
                        {
                            From = "tokenwatch@contoso.example",
                            Recipients = new[] { "admins@contoso.example" },
                            OutboxPath = Path.Combine(
                                Path.GetTempPath(),
                                "tokenwatch-tests",
                                Guid.NewGuid().ToString()
                            ),
                        },
                        Storage = new { azurite.ConnectionString },
                    },
                }
            )
        );
        return file;
    }

    /// <summary>
    /// Once armed, lets a number of transactions through and fails the next one, as a process dying midway would.
    /// </summary>
    private sealed class FailingTransactions : HttpPipelinePolicy
    {
        /// <summary>
        /// Transactions still let through; the one that takes it to -1 fails, and then all pass again.
        /// </summary>
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
            if (
                request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal)
                && Interlocked.Decrement(ref _countdown) == -1
            )
            {
                throw new IOException("The process died before this transaction was sent.");
            }
        }
    }
}
