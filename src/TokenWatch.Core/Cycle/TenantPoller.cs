using Microsoft.Extensions.Logging;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// One tenant's part of a poll: read it (a timeout of its own), log and count what was seen, compare it with the
/// stored state and record it. Whatever goes wrong is recorded for this tenant alone.
/// </summary>
internal sealed class TenantPoller(
    ITokenSource source,
    ITokenStateStore store,
    HealthRules rules,
    TokenWatchMetrics metrics,
    CycleSettings settings,
    TimeProvider clock,
    ILogger logger
)
{
    /// <summary>The cause recorded when a tenant was read but its state could not be stored.</summary>
    public const string StorageFailed = "storage-failed";

    public async Task<TenantReading> ReadAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
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
            var failures = Enum.GetValues<TokenKind>()
                .Select(k => new PollFailure(k, FailureCodes.Timeout, message, FailureFix.TenantTimeout))
                .ToList();
            return new TenantReading(tenant.TenantId, readAt, [], failures);
        }
    }

    /// <summary>
    /// Reads and stores one tenant; null (nothing stored) when Graph throttled it and it may come back later.
    /// </summary>
    public async Task<TenantPolled?> PollAsync(
        MonitoredTenant tenant,
        bool deferThrottled,
        CancellationToken cancellationToken
    )
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        var started = clock.GetTimestamp();
        var reading = await ReadAsync(tenant, cancellationToken);
        if (deferThrottled && reading.Failures.Any(f => f.Code == FailureCodes.Throttled))
        {
            PollTrace.TenantDeferred(logger, tenant.TenantId);
            return null;
        }

        LogFailures(tenant, reading);
        var worst = Observe(tenant, reading);
        var stored = await RecordAsync(reading, cancellationToken);
        var duration = clock.GetElapsedTime(started);
        metrics.TenantPolled(duration);
        PollTrace.TenantPolled(
            logger,
            tenant.TenantId,
            reading.Tokens.Count,
            reading.Tokens.Count == 0 ? "none" : worst.ToSlug(),
            reading.Failures.Count,
            stored,
            duration.TotalSeconds
        );
        return new TenantPolled(reading, stored) { Paused = tenant.Paused };
    }

    private void LogFailures(MonitoredTenant tenant, TenantReading reading)
    {
        foreach (var failure in reading.Failures)
        {
            metrics.TenantFailed(failure.Code, failure.Kind);
            var kind = failure.Kind.ToSlug();
            if (tenant.Paused)
            {
                // Expected of a customer added before its admin consented: logged apart, so the "tenant failing" ops
                // alert pages nobody for it.
                PollTrace.PausedTenantPollFailed(logger, tenant.TenantId, kind, failure.Code, failure.Message);
                continue;
            }

            PollTrace.TenantPollFailed(
                logger,
                tenant.TenantId,
                kind,
                failure.Code,
                failure.Message,
                failure.RequestId,
                failure.ClientRequestId
            );
        }
    }

    /// <summary>Judges and counts every token read; the worst status, for the log line.</summary>
    private HealthStatus Observe(MonitoredTenant tenant, TenantReading reading)
    {
        var worst = HealthStatus.Ok;
        var tenantRules = tenant.Policy?.Rules() ?? rules;
        foreach (var token in reading.Tokens)
        {
            var health = tenantRules.Evaluate(token, reading.ReadAt, reading.Tokens);
            worst = worst.Worst(health.Status);
            metrics.TokenObserved(token, health);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var kind = token.Kind.ToSlug();
                using var tokenScope = logger.BeginScope(
                    new Dictionary<string, object> { ["TokenKind"] = kind, ["TokenId"] = token.Id }
                );
                var status = health.Status.ToSlug();
                PollTrace.TokenObserved(logger, tenant.TenantId, kind, token.Id, health.DaysUntilExpiry, status);
            }
        }

        return worst;
    }

    /// <summary>Compares the reading with the stored state and records it: one read and one write of storage.</summary>
    private async Task<bool> RecordAsync(TenantReading reading, CancellationToken cancellationToken)
    {
        try
        {
            var baseline = await store.LoadBaselineAsync(reading.TenantId, cancellationToken);
            await store.SaveAsync(PollRecord.Of(baseline, reading), cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage trouble for one tenant (a throttled partition, an outage) must not cancel the other tenants'
            // polls: the stored state of this tenant stays as it was and the next poll writes it again.
            metrics.TenantFailed(StorageFailed, kind: null);
            PollTrace.TenantStoreFailed(logger, ex, reading.TenantId, ex.Message);
            return false;
        }
    }
}
