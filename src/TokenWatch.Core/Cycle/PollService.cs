using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// One poll: read every tenant (bounded parallelism, a timeout each) and store what was seen. Used by the
/// <c>PollTokens</c> function and by <c>tokenwatch run</c>.
/// </summary>
public sealed partial class PollService(
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
        LogPollStarted(catalogTenants.Count);
        var started = clock.GetTimestamp();
        var (tenants, waiting) = await BacklogFirstAsync(catalogTenants, cancellationToken);
        var tally = new PollTally();
        var throttled = new ConcurrentQueue<MonitoredTenant>();
        var notReached = new ConcurrentQueue<MonitoredTenant>();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.MaxParallelism,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(tenants, options, async (tenant, ct) =>
        {
            if (clock.GetElapsedTime(started) >= settings.PollBudget)
            {
                notReached.Enqueue(tenant);
                return;
            }

            var polled = await PollTenantAsync(tenant, deferThrottled: true, ct);
            if (polled is null)
            {
                throttled.Enqueue(tenant);
                return;
            }

            tally.Add(polled);
            tenantPolled?.Invoke(polled);
        });

        // Throttled tenants go last, when the others no longer wait for a worker; their reading is stored as it comes.
        await Parallel.ForEachAsync(throttled, options, async (tenant, ct) =>
        {
            if (clock.GetElapsedTime(started) >= settings.PollBudget)
            {
                notReached.Enqueue(tenant);
                return;
            }

            var polled = (await PollTenantAsync(tenant, deferThrottled: false, ct))!;
            tally.Add(polled);
            tenantPolled?.Invoke(polled);
        });

        await KeepBacklogAsync(catalogTenants, notReached, waiting, cancellationToken);
        var summary = new PollSummary(
            catalogTenants.Count,
            tally.Unread,
            tally.Unstored,
            tally.Tokens,
            clock.GetElapsedTime(started)
        )
        {
            NotReached = notReached.Count,
            Deferred = throttled.Count,
            UnreadPaused = tally.UnreadPaused,
        };
        if (catalogTenants.Count > 0 && tally.Failed == catalogTenants.Count)
        {
            // PollCompleted is logged all the same: this is what tells ops that a completed poll learned nothing.
            LogEveryTenantFailed(catalogTenants.Count, tally.Unread, tally.Unstored);
        }

        LogPollCompleted(catalogTenants.Count, tally.Unread, summary.Duration.TotalSeconds);
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
            LogBacklogFailed(ex, ex.Message);
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
            LogTenantsNotReached(
                ids.Count,
                settings.PollBudget.TotalSeconds,
                string.Join(", ", ids.Take(MaxTenantsNamed))
            );
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
            LogBacklogFailed(ex, ex.Message);
        }
    }

    /// <summary>Reads and stores one tenant; whatever goes wrong is recorded for this tenant alone.</summary>
    public async Task<TenantReading> ReadTenantAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TenantTimeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var readAt = clock.GetUtcNow();
        try
        {
            return await source.ReadAsync(tenant, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var message = $"Reading the tenant took longer than {settings.TenantTimeoutSeconds} s.";
            return AllFailed(
                tenant.TenantId,
                readAt,
                FailureCodes.Timeout,
                message,
                "Graph was slow or unreachable; the next poll retries. If it persists, check Graph service health."
            );
        }
    }

    /// <summary>Reads and stores one tenant; null (nothing stored) when Graph throttled it and it may come back later.</summary>
    private async Task<TenantPolled?> PollTenantAsync(
        MonitoredTenant tenant,
        bool deferThrottled,
        CancellationToken cancellationToken
    )
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        var started = clock.GetTimestamp();
        var reading = await ReadTenantAsync(tenant, cancellationToken);
        if (deferThrottled && reading.Failures.Any(f => f.Code == FailureCodes.Throttled))
        {
            LogTenantDeferred(tenant.TenantId);
            return null;
        }

        foreach (var failure in reading.Failures)
        {
            metrics.TenantFailed(failure.Code, failure.Kind);
            if (tenant.Paused)
            {
                // Expected of a customer added before its admin consented: logged apart, so the "tenant failing" ops
                // alert pages nobody for it.
                LogPausedTenantPollFailed(tenant.TenantId, failure.Kind.ToSlug(), failure.Code, failure.Message);
                continue;
            }

            LogTenantPollFailed(
                tenant.TenantId,
                failure.Kind.ToSlug(),
                failure.Code,
                failure.Message,
                failure.RequestId,
                failure.ClientRequestId
            );
        }

        var worst = HealthStatus.Ok;
        var tenantRules = tenant.Policy?.Rules() ?? rules;
        foreach (var token in reading.Tokens)
        {
            var health = tenantRules.Evaluate(token, reading.ReadAt, reading.Tokens);
            worst = worst.Worst(health.Status);
            metrics.TokenObserved(token, health);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                using var tokenScope = logger.BeginScope(
                    new Dictionary<string, object> { ["TokenKind"] = token.Kind.ToSlug(), ["TokenId"] = token.Id }
                );
                LogTokenObserved(
                    tenant.TenantId,
                    token.Kind.ToSlug(),
                    token.Id,
                    health.DaysUntilExpiry,
                    health.Status.ToSlug()
                );
            }
        }

        var stored = true;
        try
        {
            await store.SaveAsync(reading, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage trouble for one tenant (a throttled partition, an outage) must not cancel the other tenants'
            // polls: the stored state of this tenant stays as it was and the next poll writes it again.
            stored = false;
            metrics.TenantFailed(StorageFailed, kind: null);
            LogTenantStoreFailed(ex, tenant.TenantId, ex.Message);
        }

        var duration = clock.GetElapsedTime(started);
        metrics.TenantPolled(duration);
        LogTenantPolled(
            tenant.TenantId,
            reading.Tokens.Count,
            reading.Tokens.Count == 0 ? "none" : worst.ToSlug(),
            reading.Failures.Count,
            stored,
            duration.TotalSeconds
        );
        return new TenantPolled(reading, stored) { Paused = tenant.Paused };
    }

    /// <summary>Tenants named in the "not reached" log line; the count says how many there were in all.</summary>
    private const int MaxTenantsNamed = 50;

    /// <summary>The cause recorded when a tenant was read but its state could not be stored.</summary>
    public const string StorageFailed = "storage-failed";

    [LoggerMessage(
        EventId = 1005,
        EventName = "TenantStoreFailed",
        Level = LogLevel.Error,
        Message = "Storing the poll of tenant {TenantId} failed; its last stored state is kept: {Reason}"
    )]
    private partial void LogTenantStoreFailed(Exception exception, string tenantId, string reason);

    [LoggerMessage(
        EventId = 1010,
        EventName = "TenantPolled",
        Level = LogLevel.Information,
        Message = "Tenant {TenantId} polled: {TokenCount} tokens, worst {Status}, {FailedEndpoints} endpoints failed, stored {Stored}, {DurationSeconds:F1} s"
    )]
    private partial void LogTenantPolled(
        string tenantId,
        int tokenCount,
        string status,
        int failedEndpoints,
        bool stored,
        double durationSeconds
    );

    [LoggerMessage(
        EventId = 1007,
        EventName = "TenantDeferred",
        Level = LogLevel.Debug,
        Message = "Graph throttled tenant {TenantId} past the retry wait; it is read again at the end of the poll"
    )]
    private partial void LogTenantDeferred(string tenantId);

    [LoggerMessage(
        EventId = 1008,
        EventName = "TenantsNotReached",
        Level = LogLevel.Warning,
        Message = "The poll's time budget ({BudgetSeconds:F0} s) ran out before {TenantCount} tenants were started; the next poll reads them first: {TenantIds}"
    )]
    private partial void LogTenantsNotReached(int tenantCount, double budgetSeconds, string tenantIds);

    [LoggerMessage(
        EventId = 1009,
        EventName = "PollBacklogFailed",
        Level = LogLevel.Warning,
        Message = "The list of tenants a poll did not reach could not be read or kept: {Reason}"
    )]
    private partial void LogBacklogFailed(Exception exception, string reason);

    [LoggerMessage(
        EventId = 1004,
        EventName = "TokenObserved",
        Level = LogLevel.Debug,
        Message = "Token {TokenKind}:{TokenId} of tenant {TenantId}: {Status}, {DaysUntilExpiry} days until expiry"
    )]
    private partial void LogTokenObserved(
        string tenantId,
        string tokenKind,
        string tokenId,
        int? daysUntilExpiry,
        string status
    );

    private static TenantReading AllFailed(
        string tenantId,
        DateTimeOffset at,
        string code,
        string message,
        string fix
    ) =>
        new(tenantId, at, [], Enum.GetValues<TokenKind>().Select(k => new PollFailure(k, code, message, fix)).ToList());

    [LoggerMessage(
        EventId = 1001,
        EventName = "PollStarted",
        Level = LogLevel.Information,
        Message = "Poll started for {TenantCount} tenants"
    )]
    private partial void LogPollStarted(int tenantCount);

    [LoggerMessage(
        EventId = 1002,
        EventName = "PollCompleted",
        Level = LogLevel.Information,
        Message = "Poll completed: {TenantCount} tenants, {FailedTenantCount} with failures, {DurationSeconds:F1} s"
    )]
    private partial void LogPollCompleted(int tenantCount, int failedTenantCount, double durationSeconds);

    [LoggerMessage(
        EventId = 1006,
        EventName = "EveryTenantFailed",
        Level = LogLevel.Error,
        Message = "Poll failed for every one of its {TenantCount} tenants: {UnreadTenantCount} could not be read, {UnstoredTenantCount} could not be stored"
    )]
    private partial void LogEveryTenantFailed(int tenantCount, int unreadTenantCount, int unstoredTenantCount);

    [LoggerMessage(
        EventId = 1003,
        EventName = "TenantPollFailed",
        Level = LogLevel.Warning,
        Message = "Reading {TokenKind} of tenant {TenantId} failed ({Cause}): {Reason} (request-id {RequestId}, client-request-id {ClientRequestId})"
    )]
    private partial void LogTenantPollFailed(
        string tenantId,
        string tokenKind,
        string cause,
        string reason,
        string? requestId,
        string? clientRequestId
    );

    [LoggerMessage(
        EventId = 1011,
        EventName = "PausedTenantPollFailed",
        Level = LogLevel.Information,
        Message = "Reading {TokenKind} of paused tenant {TenantId} failed ({Cause}): {Reason}"
    )]
    private partial void LogPausedTenantPollFailed(string tenantId, string tokenKind, string cause, string reason);
}

/// <summary>One tenant's part of a poll, as it finished: what was read, and whether it was stored.</summary>
public sealed record TenantPolled(TenantReading Reading, bool Stored)
{
    /// <summary>Some endpoint could not be read, or what was read could not be stored.</summary>
    public bool Failed => Reading.Failures.Count > 0 || !Stored;

    /// <summary>The tenant is paused: polled and stored, but nobody is told about it until it is resumed.</summary>
    public bool Paused { get; init; }
}

/// <summary>What one poll did, in counts: the same size for ten tenants or ten thousand.</summary>
/// <param name="UnreadTenants">Tenants with at least one endpoint that could not be read.</param>
/// <param name="UnstoredTenants">Tenants whose reading could not be stored (their last stored state stands).</param>
/// <param name="Tokens">Tokens read, over all tenants.</param>
public sealed record PollSummary(int Tenants, int UnreadTenants, int UnstoredTenants, int Tokens, TimeSpan Duration)
{
    /// <summary>Tenants not started before the time budget ran out: the next poll reads them first.</summary>
    public int NotReached { get; init; }

    /// <summary>Tenants Graph throttled past the retry wait, read again at the end of the poll.</summary>
    public int Deferred { get; init; }

    /// <summary>
    /// Of <see cref="UnreadTenants"/>, those paused: a customer discovered before its admin consented is paused
    /// until it does, and cannot be read until then.
    /// </summary>
    public int UnreadPaused { get; init; }
}
