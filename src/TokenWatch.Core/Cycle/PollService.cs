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
    HealthRules rules,
    TokenWatchMetrics metrics,
    CycleSettings settings,
    TimeProvider clock,
    ILogger<PollService> logger)
{
    /// <summary>Polls every tenant; see <see cref="RunAsync(Action{TenantPolled}?, CancellationToken)"/>.</summary>
    public Task<PollSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Polls every tenant, at most <see cref="CycleSettings.MaxParallelism"/> at once, in catalog order: a worker that
    /// finishes a tenant takes the next one, so a slow tenant holds one worker and never a whole batch. Each tenant's
    /// reading is stored and then let go; only counts are kept, so a poll of a thousand tenants holds a handful of
    /// readings at a time, not all of them.
    /// </summary>
    /// <param name="tenantPolled">
    /// Told about each tenant as it is done (from the worker that polled it, so possibly from several threads at
    /// once, in the order tenants finish): progress for people, per-tenant results for whoever needs them.
    /// </param>
    public async Task<PollSummary> RunAsync(Action<TenantPolled>? tenantPolled, CancellationToken cancellationToken)
    {
        var tenants = await catalog.LoadAsync(cancellationToken);
        LogPollStarted(tenants.Count);
        var started = clock.GetTimestamp();
        var unread = 0;
        var unstored = 0;
        var tokens = 0;
        await Parallel.ForEachAsync(
            tenants,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                var polled = await PollTenantAsync(tenant, ct);
                Interlocked.Add(ref tokens, polled.Reading.Tokens.Count);
                if (polled.Reading.Failures.Count > 0)
                {
                    Interlocked.Increment(ref unread);
                }

                if (!polled.Stored)
                {
                    Interlocked.Increment(ref unstored);
                }

                tenantPolled?.Invoke(polled);
            });

        var summary = new PollSummary(tenants.Count, unread, unstored, tokens, clock.GetElapsedTime(started));
        LogPollCompleted(tenants.Count, unread, summary.Duration.TotalSeconds);
        return summary;
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
            return AllFailed(tenant.TenantId, readAt, FailureCodes.Timeout, message,
                "Graph was slow or unreachable; the next poll retries. If it persists, check Graph service health.");
        }
    }

    private async Task<TenantPolled> PollTenantAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        var started = clock.GetTimestamp();
        var reading = await ReadTenantAsync(tenant, cancellationToken);
        foreach (var failure in reading.Failures)
        {
            metrics.TenantFailed(failure.Code, failure.Kind);
            LogTenantPollFailed(tenant.TenantId, failure.Kind.ToSlug(), failure.Code, failure.Message,
                failure.RequestId, failure.ClientRequestId);
        }

        var tenantRules = tenant.Policy?.Rules() ?? rules;
        foreach (var token in reading.Tokens)
        {
            var health = tenantRules.Evaluate(token, reading.ReadAt);
            metrics.TokenObserved(token, health);
            using var tokenScope = logger.BeginScope(new Dictionary<string, object> { ["TokenKind"] = token.Kind.ToSlug(), ["TokenId"] = token.Id });
            LogTokenObserved(tenant.TenantId, token.Kind.ToSlug(), token.Id, health.DaysUntilExpiry, health.Status.ToSlug());
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

        metrics.TenantPolled(clock.GetElapsedTime(started));
        return new TenantPolled(reading, stored);
    }

    /// <summary>The cause recorded when a tenant was read but its state could not be stored.</summary>
    public const string StorageFailed = "storage-failed";

    [LoggerMessage(EventId = 1005, EventName = "TenantStoreFailed", Level = LogLevel.Error,
        Message = "Storing the poll of tenant {TenantId} failed; its last stored state is kept: {Reason}")]
    private partial void LogTenantStoreFailed(Exception exception, string tenantId, string reason);

    [LoggerMessage(EventId = 1004, EventName = "TokenObserved", Level = LogLevel.Information,
        Message = "Token {TokenKind}:{TokenId} of tenant {TenantId}: {Status}, {DaysUntilExpiry} days until expiry")]
    private partial void LogTokenObserved(string tenantId, string tokenKind, string tokenId, int? daysUntilExpiry, string status);

    private static TenantReading AllFailed(string tenantId, DateTimeOffset at, string code, string message, string fix) =>
        new(tenantId, at, [], Enum.GetValues<TokenKind>().Select(k => new PollFailure(k, code, message, fix)).ToList());

    [LoggerMessage(EventId = 1001, EventName = "PollStarted", Level = LogLevel.Information,
        Message = "Poll started for {TenantCount} tenants")]
    private partial void LogPollStarted(int tenantCount);

    [LoggerMessage(EventId = 1002, EventName = "PollCompleted", Level = LogLevel.Information,
        Message = "Poll completed: {TenantCount} tenants, {FailedTenantCount} with failures, {DurationSeconds:F1} s")]
    private partial void LogPollCompleted(int tenantCount, int failedTenantCount, double durationSeconds);

    [LoggerMessage(EventId = 1003, EventName = "TenantPollFailed", Level = LogLevel.Warning,
        Message = "Reading {TokenKind} of tenant {TenantId} failed ({Cause}): {Reason} (request-id {RequestId}, client-request-id {ClientRequestId})")]
    private partial void LogTenantPollFailed(string tenantId, string tokenKind, string cause, string reason, string? requestId, string? clientRequestId);
}

/// <summary>One tenant's part of a poll, as it finished: what was read, and whether it was stored.</summary>
public sealed record TenantPolled(TenantReading Reading, bool Stored)
{
    /// <summary>Some endpoint could not be read, or what was read could not be stored.</summary>
    public bool Failed => Reading.Failures.Count > 0 || !Stored;
}

/// <summary>What one poll did, in counts: the same size for ten tenants or ten thousand.</summary>
/// <param name="UnreadTenants">Tenants with at least one endpoint that could not be read.</param>
/// <param name="UnstoredTenants">Tenants whose reading could not be stored (their last stored state stands).</param>
/// <param name="Tokens">Tokens read, over all tenants.</param>
public sealed record PollSummary(int Tenants, int UnreadTenants, int UnstoredTenants, int Tokens, TimeSpan Duration);
