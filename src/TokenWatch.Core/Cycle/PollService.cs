using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// One poll: read every tenant (bounded parallelism, a timeout each) and store what was seen. Used by the
/// <c>PollTokens</c> function and by <c>tokenwatch run</c>.
/// </summary>
public sealed class PollService(
    ITenantCatalog catalog,
    ITokenSource source,
    ITokenStateStore store,
    IPollBacklog backlog,
    HealthRules rules,
    TokenWatchMetrics metrics,
    CycleSettings settings,
    TimeProvider clock,
    ILogger<PollService> logger
)
{
    /// <summary>Tenants named in the "not reached" log line; the count says how many there were in all.</summary>
    private const int MaxTenantsNamed = 50;

    private readonly TenantPoller _tenants = new(source, store, rules, metrics, settings, clock, logger);

    /// <summary>Polls every tenant; see <see cref="RunAsync(Action{TenantPolled}?, CancellationToken)"/>.</summary>
    public Task<PollSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Polls every tenant, at most <see cref="CycleSettings.MaxParallelism"/> at once: first those the last poll ran
    /// out of time for, then the rest in catalog order. A worker that finishes a tenant takes the next one, so a slow
    /// tenant holds one worker and never a whole batch; a tenant Graph throttled past the retry wait gives its worker
    /// up and is read again at the end. Once <see cref="CycleSettings.PollBudget"/> is spent no tenant is started:
    /// those not reached are logged and kept for the next poll. Each tenant's reading is stored and then let go; only
    /// counts are kept, so a poll of a thousand tenants holds a handful of readings at a time, not all of them.
    /// </summary>
    /// <param name="tenantPolled">
    /// Told about each tenant as it is done (from the worker that polled it, so possibly from several threads at
    /// once, in the order tenants finish): progress for people, per-tenant results for whoever needs them.
    /// </param>
    public async Task<PollSummary> RunAsync(Action<TenantPolled>? tenantPolled, CancellationToken cancellationToken)
    {
        var catalogTenants = await catalog.LoadAsync(cancellationToken);
        PollTrace.PollStarted(logger, catalogTenants.Count);
        var started = clock.GetTimestamp();
        var (tenants, waiting) = await BacklogFirstAsync(catalogTenants, cancellationToken);
        var tally = new PollTally();
        var notReached = new ConcurrentQueue<MonitoredTenant>();
        void Done(TenantPolled polled)
        {
            tally.Add(polled);
            tenantPolled?.Invoke(polled);
        }

        var deferred = await PollEveryTenantAsync(tenants, started, notReached, Done, cancellationToken);
        await KeepBacklogAsync(catalogTenants, notReached, waiting, cancellationToken);
        return Summarize(catalogTenants.Count, tally, notReached.Count, deferred, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Polls each tenant within the budget, those Graph throttled past the retry wait last; how many those were.
    /// </summary>
    private async Task<int> PollEveryTenantAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        long started,
        ConcurrentQueue<MonitoredTenant> notReached,
        Action<TenantPolled> done,
        CancellationToken cancellationToken
    )
    {
        var throttled = new ConcurrentQueue<MonitoredTenant>();
        await ForEachWithinBudgetAsync(
            tenants,
            started,
            notReached,
            async (tenant, ct) =>
            {
                if (await _tenants.PollAsync(tenant, deferThrottled: true, ct) is not { } polled)
                {
                    throttled.Enqueue(tenant);
                    return;
                }

                done(polled);
            },
            cancellationToken
        );

        // Throttled tenants go last, when the others no longer wait for a worker; their reading is stored as it comes.
        await ForEachWithinBudgetAsync(
            throttled,
            started,
            notReached,
            async (tenant, ct) => done((await _tenants.PollAsync(tenant, deferThrottled: false, ct))!),
            cancellationToken
        );
        return throttled.Count;
    }

    /// <summary>Reads one tenant, within its timeout; whatever goes wrong is recorded for this tenant alone.</summary>
    public Task<TenantReading> ReadTenantAsync(MonitoredTenant tenant, CancellationToken cancellationToken) =>
        _tenants.ReadAsync(tenant, cancellationToken);

    /// <summary>
    /// Runs <paramref name="poll"/> for each tenant on at most <see cref="CycleSettings.MaxParallelism"/> workers;
    /// a tenant whose turn comes after the poll's budget is spent is not started, but kept in
    /// <paramref name="notReached"/>.
    /// </summary>
    private Task ForEachWithinBudgetAsync(
        IEnumerable<MonitoredTenant> tenants,
        long started,
        ConcurrentQueue<MonitoredTenant> notReached,
        Func<MonitoredTenant, CancellationToken, Task> poll,
        CancellationToken cancellationToken
    )
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.MaxParallelism,
            CancellationToken = cancellationToken,
        };
        return Parallel.ForEachAsync(tenants, options, async (tenant, ct) =>
        {
            if (clock.GetElapsedTime(started) >= settings.PollBudget)
            {
                notReached.Enqueue(tenant);
                return;
            }

            await poll(tenant, ct);
        });
    }

    private PollSummary Summarize(int tenants, PollTally tally, int notReached, int deferred, TimeSpan duration)
    {
        var summary = new PollSummary(tenants, tally.Unread, tally.Unstored, tally.Tokens, duration)
        {
            NotReached = notReached,
            Deferred = deferred,
            UnreadPaused = tally.UnreadPaused,
        };
        if (tenants > 0 && tally.Failed == tenants)
        {
            // PollCompleted is logged all the same: this is what tells ops that a completed poll learned nothing.
            PollTrace.EveryTenantFailed(logger, tenants, tally.Unread, tally.Unstored);
        }

        PollTrace.PollCompleted(logger, tenants, tally.Unread, duration.TotalSeconds);
        return summary;
    }

    /// <summary>The catalog with the tenants the last poll did not reach moved to the front.</summary>
    private async Task<(IReadOnlyList<MonitoredTenant> Tenants, int Waiting)> BacklogFirstAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<string> waiting;
        try
        {
            waiting = await backlog.LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the backlog the poll still reads everyone, only in catalog order.
            PollTrace.BacklogFailed(logger, ex, ex.Message);
            return (tenants, 0);
        }

        if (waiting.Count == 0)
        {
            return (tenants, 0);
        }

        var first = waiting.ToHashSet(StringComparer.Ordinal);
        return (
            [.. tenants.Where(t => first.Contains(t.TenantId)), .. tenants.Where(t => !first.Contains(t.TenantId))],
            waiting.Count
        );
    }

    /// <summary>Keeps the tenants not reached for the next poll; writes only when there is or was a backlog.</summary>
    private async Task KeepBacklogAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        IReadOnlyCollection<MonitoredTenant> notReached,
        int waiting,
        CancellationToken cancellationToken
    )
    {
        var left = notReached.Select(t => t.TenantId).ToHashSet(StringComparer.Ordinal);
        var ids = tenants.Where(t => left.Contains(t.TenantId)).Select(t => t.TenantId).ToList();
        if (ids.Count > 0)
        {
            var named = string.Join(", ", ids.Take(MaxTenantsNamed));
            PollTrace.TenantsNotReached(logger, ids.Count, settings.PollBudget.TotalSeconds, named);
        }

        if (ids.Count == 0 && waiting == 0)
        {
            return;
        }

        try
        {
            await backlog.SaveAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PollTrace.BacklogFailed(logger, ex, ex.Message);
        }
    }
}
