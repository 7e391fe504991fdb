using Microsoft.Extensions.Logging;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>What one evaluation did for one tenant.</summary>
public sealed record TenantEvaluation(string TenantId, IReadOnlyList<AlertEvent> Events, OutgoingEmail? Email, string? Error);

/// <summary>
/// One evaluation: for each tenant, judge the stored tokens, compare with the ledger, send one digest, then
/// record it. The ledger is written only after the provider accepted the email, so a failed send is simply
/// decided again, and retried, by the next evaluation.
/// </summary>
public sealed partial class EvaluationService(
    ITenantCatalog catalog,
    ITokenStateStore states,
    IAlertLedgerStore ledger,
    HealthRules rules,
    AlertPolicy policy,
    IDigestRenderer renderer,
    INotifier notifier,
    CycleSettings settings,
    TimeProvider clock,
    ILogger<EvaluationService> logger)
{
    public async Task<IReadOnlyList<TenantEvaluation>> RunAsync(CancellationToken cancellationToken)
    {
        var tenants = catalog.Tenants;
        var results = new TenantEvaluation[tenants.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tenants.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await EvaluateTenantAsync(tenants[i], ct));
        LogEvaluationCompleted(tenants.Count, results.Count(r => r.Email is not null), results.Count(r => r.Error is not null));
        return results;
    }

    private async Task<TenantEvaluation> EvaluateTenantAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        var now = clock.GetUtcNow();
        try
        {
            var state = await states.LoadAsync(tenant.TenantId, cancellationToken);
            var entries = await ledger.LoadAsync(tenant.TenantId, cancellationToken);
            var current = state.Tokens
                .Select(t => (t.Observation, rules.Evaluate(t.Observation, now)))
                .ToList();
            var decision = policy.Decide(current, entries, now);
            OutgoingEmail? email = null;
            if (decision.Events.Count > 0)
            {
                email = renderer.Render(DigestComposer.Compose(tenant, decision.Events, now));
                await notifier.SendAsync(email, cancellationToken);
                LogAlertSent(tenant.TenantId, email.Severity.ToSlug(), email.DigestId, decision.Events.Count);
            }

            if (decision.ChangesLedger)
            {
                await ledger.ApplyAsync(tenant.TenantId, decision, cancellationToken);
            }

            return new TenantEvaluation(tenant.TenantId, decision.Events, email, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAlertFailed(ex, tenant.TenantId, ex.Message);
            return new TenantEvaluation(tenant.TenantId, [], null, ex.Message);
        }
    }

    [LoggerMessage(EventId = 2001, EventName = "AlertSent", Level = LogLevel.Information,
        Message = "Alert digest {DigestId} sent for tenant {TenantId}: {Severity}, {EventCount} events")]
    private partial void LogAlertSent(string tenantId, string severity, string digestId, int eventCount);

    [LoggerMessage(EventId = 2003, EventName = "AlertFailed", Level = LogLevel.Error,
        Message = "Evaluating or notifying tenant {TenantId} failed: {Reason}")]
    private partial void LogAlertFailed(Exception exception, string tenantId, string reason);

    [LoggerMessage(EventId = 2004, EventName = "EvaluationCompleted", Level = LogLevel.Information,
        Message = "Evaluation completed: {TenantCount} tenants, {DigestCount} digests sent, {FailedCount} failed")]
    private partial void LogEvaluationCompleted(int tenantCount, int digestCount, int failedCount);
}
