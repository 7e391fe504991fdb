using Microsoft.Extensions.Logging;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>
/// One evaluation: for each tenant, fold the polls since the last evaluation into the ledger, decide the events,
/// and send at most one digest. The order is what makes delivery trustworthy:
/// <list type="number">
/// <item>claim: the new ledger and the digest go into the outbox in one transaction guarded by the loaded
/// version, so of two evaluators racing only one records the events (the other reloads and finds nothing new);</item>
/// <item>lease: the claim leases its digest to this evaluation; a digest an earlier evaluation could not send is
/// leased with a guarded update. Only the lease holder sends, and while a lease runs no other evaluation touches
/// the tenant;</item>
/// <item>send on each of the tenant's channels (email, Teams, webhook), marking each channel's outcome as soon as
/// it is known. A refused send stays pending on that channel alone and is sent (merged with any newer events) by
/// a later evaluation; channels that accepted it do not send it again; nothing decided is lost. A process that
/// dies between a provider's acceptance and the mark leaves the lease to expire, and that channel sends the digest
/// once more: the one duplicate this design allows.</item>
/// </list>
/// </summary>
public sealed partial class EvaluationService(
    ITenantCatalog catalog,
    IEvaluationReader reader,
    IAlertLedgerStore ledgers,
    AlertPolicy policy,
    AlertSettings alertSettings,
    IEnumerable<IDigestChannel> channels,
    TokenWatchMetrics metrics,
    CycleSettings settings,
    TimeProvider clock,
    ILogger<EvaluationService> logger,
    ActionLinks? actionLinks = null
)
{
    /// <summary>
    /// Claims lost to other evaluators before this one gives the tenant up until the next evaluation.
    /// </summary>
    private const int MaxClaimAttempts = 3;

    private readonly ChannelAttempts _attempts = new(channels, alertSettings, metrics, clock, logger, actionLinks);

    /// <summary>
    /// Evaluates every tenant; see <see cref="RunAsync(Action{TenantEvaluation}?, CancellationToken)"/>.
    /// </summary>
    public Task<EvaluationSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Evaluates every tenant, at most <see cref="CycleSettings.MaxParallelism"/> at once. A tenant's digest is
    /// composed, rendered and sent while that tenant is evaluated and let go after it: only counts are kept, so the
    /// memory of an evaluation does not grow with the number of tenants or emails.
    /// </summary>
    /// <param name="tenantEvaluated">
    /// Told about each tenant as it is done (possibly from several threads at once, in the order tenants finish).
    /// </param>
    public async Task<EvaluationSummary> RunAsync(
        Action<TenantEvaluation>? tenantEvaluated,
        CancellationToken cancellationToken
    )
    {
        var tenants = await catalog.LoadAsync(cancellationToken);
        var started = clock.GetTimestamp();
        var sent = 0;
        var failed = 0;
        var events = 0;
        await Parallel.ForEachAsync(
            tenants,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = settings.MaxParallelism,
                CancellationToken = cancellationToken,
            },
            async (tenant, ct) =>
            {
                var result = await EvaluateTenantAsync(tenant, ct);
                Interlocked.Add(ref events, result.Events.Count);
                if (result.Email is not null || result.Delivered.Count > 0)
                {
                    Interlocked.Increment(ref sent);
                }

                if (result.Error is not null)
                {
                    Interlocked.Increment(ref failed);
                }

                tenantEvaluated?.Invoke(result);
            }
        );
        LogEvaluationCompleted(tenants.Count, sent, failed);
        return new EvaluationSummary(tenants.Count, sent, failed, events, clock.GetElapsedTime(started));
    }

    private async Task<TenantEvaluation> EvaluateTenantAsync(
        MonitoredTenant tenant,
        CancellationToken cancellationToken
    )
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        if (tenant.Paused)
        {
            // Its polls pile up unfolded: the first evaluation after "resume" tells what is true then, once.
            LogTenantPaused(tenant.TenantId);
            return new TenantEvaluation(tenant.TenantId, [], null, null) { Paused = true };
        }

        // The tenant's own time limit: a hung storage call or provider holds one worker for this long, not the run.
        // What is recorded after a send (sent, refused) is not cut by it, so an accepted digest is always marked.
        // No post starts that the time left before the deadline cannot cover, so a post's own bound ends it first.
        var limit = TimeSpan.FromSeconds(settings.TenantTimeoutSeconds);
        var deadline = clock.GetUtcNow() + limit;
        using var timeout = new CancellationTokenSource(limit, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await EvaluateWithinAsync(tenant, deadline, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var message =
                $"Evaluating the tenant took longer than {settings.TenantTimeoutSeconds} s; "
                + "the next evaluation takes it up.";
            LogAlertFailed(null, tenant.TenantId, message);
            return new TenantEvaluation(tenant.TenantId, [], null, message);
        }
    }

    private async Task<TenantEvaluation> EvaluateWithinAsync(
        MonitoredTenant tenant,
        DateTimeOffset deadline,
        CancellationToken cancellationToken,
        CancellationToken recordToken
    )
    {
        var tenantPolicy = tenant.Policy?.AlertPolicy() ?? policy;
        try
        {
            for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
            {
                var evaluated = await TryEvaluateOnceAsync(
                    tenant,
                    tenantPolicy,
                    attempt,
                    deadline,
                    cancellationToken,
                    recordToken
                );
                if (evaluated is not null)
                {
                    return evaluated;
                }
            }

            return new TenantEvaluation(
                tenant.TenantId,
                [],
                null,
                "Other evaluations kept changing this tenant's ledger; the next evaluation takes it up."
            );
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAlertFailed(ex, tenant.TenantId, ex.Message);
            return new TenantEvaluation(tenant.TenantId, [], null, ex.Message);
        }
    }

    /// <summary>
    /// One claim attempt: decide, commit and deliver; null when another evaluation changed the ledger first.
    /// </summary>
    private async Task<TenantEvaluation?> TryEvaluateOnceAsync(
        MonitoredTenant tenant,
        AlertPolicy tenantPolicy,
        int attempt,
        DateTimeOffset deadline,
        CancellationToken cancellationToken,
        CancellationToken recordToken
    )
    {
        var now = clock.GetUtcNow();
        var (loaded, activity, enrollment) = await reader.ReadAsync(tenant.TenantId, cancellationToken);
        if (loaded.Pending is { } inFlight && inFlight.IsLeased(now))
        {
            LogTenantBusy(tenant.TenantId, inFlight.DigestId);
            return new TenantEvaluation(tenant.TenantId, [], null, null);
        }

        var decision = tenantPolicy.Decide(activity, loaded.Ledger, now, enrollment);

        // A new digest is claimed already leased to this evaluation: no other may send it meanwhile.
        var digest = decision.Events.Count == 0 ? null : Claim(tenant, loaded.Pending, decision.Events, now);
        var committed = await CommitAsync(tenant, loaded, decision, digest, now, cancellationToken);
        if (committed is null)
        {
            LogClaimLost(tenant.TenantId, attempt);
            return null;
        }

        var leased = digest is not null
            ? committed.Pending
            : await LeaseEarlierDigestAsync(tenant, committed.Pending, now, cancellationToken);
        var delivery = leased is { Status: OutboxStatus.Pending }
            ? await DeliverAsync(tenant, leased, deadline, committed.Ledger, cancellationToken, recordToken)
            : DigestDelivery.Nothing;
        return new TenantEvaluation(tenant.TenantId, decision.Events, delivery.Email, delivery.Error)
        {
            Snoozed = decision.Snoozed,
            Delivered = delivery.Channels,
        };
    }

    /// <summary>
    /// Commits the new ledger with the claimed digest and the snoozed events' record; null when another evaluation
    /// changed the ledger since it was loaded.
    /// </summary>
    private async Task<StoredLedger?> CommitAsync(
        MonitoredTenant tenant,
        StoredLedger loaded,
        AlertDecision decision,
        OutboxEntry? digest,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var snoozed =
            decision.Snoozed.Count == 0
                ? null
                : OutboxEntry.From(DigestComposer.Compose(tenant, decision.Snoozed, now), OutboxStatus.Snoozed);
        var committed = await ledgers.TryCommitAsync(loaded, decision.Ledger, digest, snoozed, cancellationToken);
        if (committed is not null && snoozed is not null)
        {
            LogEventsSnoozed(tenant.TenantId, snoozed.DigestId, snoozed.Events.Count);
        }

        return committed;
    }

    /// <summary>
    /// The new digest: the pending one's events and the new ones, each channel planned to send what it still owes.
    /// A digest no channel takes is recorded as not routed, and nobody sends it.
    /// </summary>
    private OutboxEntry Claim(
        MonitoredTenant tenant,
        OutboxEntry? pending,
        IReadOnlyList<AlertEvent> events,
        DateTimeOffset now
    )
    {
        var composed = DigestComposer.Compose(tenant, [.. pending?.Events ?? [], .. events], now);
        var plan = DeliveryPlan.For(tenant.Routes, composed.Events, pending);
        var status = plan.Count == 0 ? OutboxStatus.NotRouted : OutboxStatus.Pending;
        var entry = OutboxEntry.From(composed, status) with { Channels = plan };
        return plan.Count == 0 ? entry : entry with { LeaseUntil = now + alertSettings.SendLease, Attempts = 1 };
    }

    /// <summary>
    /// Takes over a digest an earlier evaluation could not send; null when there is none, none of its channels is
    /// due yet, or another evaluation was quicker.
    /// </summary>
    private async Task<OutboxEntry?> LeaseEarlierDigestAsync(
        MonitoredTenant tenant,
        OutboxEntry? pending,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (pending is null || !pending.HasDueChannel(now))
        {
            return null;
        }

        var leased = await ledgers.TryLeaseAsync(pending, now + alertSettings.SendLease, cancellationToken);
        if (leased is null)
        {
            LogTenantBusy(tenant.TenantId, pending.DigestId);
        }

        return leased;
    }
}
