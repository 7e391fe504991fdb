using Microsoft.Extensions.Logging;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Cycle;

/// <summary>What one evaluation did for one tenant.</summary>
/// <param name="Events">The events decided by this evaluation (to be sent; see <see cref="Snoozed"/> for the rest).</param>
/// <param name="Email">The email the provider accepted during this evaluation, if any; it may also carry events of an earlier digest that could not be sent then.</param>
/// <param name="Error">Why the tenant could not be evaluated, or why its digest was not sent this time.</param>
public sealed record TenantEvaluation(string TenantId, IReadOnlyList<AlertEvent> Events, OutgoingEmail? Email, string? Error)
{
    /// <summary>Events of snoozed tokens: recorded in the ledger and the outbox, not sent.</summary>
    public IReadOnlyList<AlertEvent> Snoozed { get; init; } = [];

    /// <summary>The tenant is paused (maintenance): it was not evaluated, and nobody was told anything.</summary>
    public bool Paused { get; init; }
}

/// <summary>What one evaluation did, in counts: the same size for ten tenants or ten thousand.</summary>
/// <param name="DigestsSent">Digests the provider accepted.</param>
/// <param name="FailedTenants">Tenants that could not be evaluated, or whose digest was not sent this time.</param>
/// <param name="Events">Events decided (to be sent), over all tenants.</param>
public sealed record EvaluationSummary(int Tenants, int DigestsSent, int FailedTenants, int Events, TimeSpan Duration);

/// <summary>
/// One evaluation: for each tenant, fold the polls since the last evaluation into the ledger, decide the events,
/// and send at most one digest. The order is what makes delivery trustworthy:
/// <list type="number">
/// <item>claim: the new ledger and the digest go into the outbox in one transaction guarded by the loaded
/// version, so of two evaluators racing only one records the events (the other reloads and finds nothing new);</item>
/// <item>lease: the claim leases its digest to this evaluation; a digest an earlier evaluation could not send is
/// leased with a guarded update. Only the lease holder sends, and while a lease runs no other evaluation touches
/// the tenant;</item>
/// <item>send, then mark sent. A refused send stays pending and is sent (merged with any newer events) by the next
/// evaluation; nothing decided is lost. A process that dies between the provider's acceptance and the mark leaves
/// the lease to expire, and the digest is sent once more: the one duplicate this design allows.</item>
/// </list>
/// </summary>
public sealed partial class EvaluationService(
    ITenantCatalog catalog,
    IEvaluationReader reader,
    IAlertLedgerStore ledgers,
    AlertPolicy policy,
    AlertSettings alertSettings,
    IDigestRenderer renderer,
    INotifier notifier,
    TokenWatchMetrics metrics,
    CycleSettings settings,
    TimeProvider clock,
    ILogger<EvaluationService> logger)
{
    /// <summary>Claims lost to other evaluators before this one gives the tenant up until the next evaluation.</summary>
    private const int MaxClaimAttempts = 3;

    /// <summary>Evaluates every tenant; see <see cref="RunAsync(Action{TenantEvaluation}?, CancellationToken)"/>.</summary>
    public Task<EvaluationSummary> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Evaluates every tenant, at most <see cref="CycleSettings.MaxParallelism"/> at once. A tenant's digest is
    /// composed, rendered and sent while that tenant is evaluated and let go after it: only counts are kept, so the
    /// memory of an evaluation does not grow with the number of tenants or emails.
    /// </summary>
    /// <param name="tenantEvaluated">
    /// Told about each tenant as it is done (possibly from several threads at once, in the order tenants finish).
    /// </param>
    public async Task<EvaluationSummary> RunAsync(Action<TenantEvaluation>? tenantEvaluated, CancellationToken cancellationToken)
    {
        var tenants = await catalog.LoadAsync(cancellationToken);
        var started = clock.GetTimestamp();
        var sent = 0;
        var failed = 0;
        var events = 0;
        await Parallel.ForEachAsync(
            tenants,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                var result = await EvaluateTenantAsync(tenant, ct);
                Interlocked.Add(ref events, result.Events.Count);
                if (result.Email is not null)
                {
                    Interlocked.Increment(ref sent);
                }

                if (result.Error is not null)
                {
                    Interlocked.Increment(ref failed);
                }

                tenantEvaluated?.Invoke(result);
            });
        LogEvaluationCompleted(tenants.Count, sent, failed);
        return new EvaluationSummary(tenants.Count, sent, failed, events, clock.GetElapsedTime(started));
    }

    private async Task<TenantEvaluation> EvaluateTenantAsync(MonitoredTenant tenant, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.TenantId });
        if (tenant.Paused)
        {
            // Its polls pile up unfolded: the first evaluation after "resume" tells what is true then, once.
            LogTenantPaused(tenant.TenantId);
            return new TenantEvaluation(tenant.TenantId, [], null, null) { Paused = true };
        }

        // The tenant's own time limit: a hung storage call or provider holds one worker for this long, not the run.
        // What is recorded after a send (sent, refused) is not cut by it, so an accepted email is always marked.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TenantTimeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await EvaluateWithinAsync(tenant, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var message = $"Evaluating the tenant took longer than {settings.TenantTimeoutSeconds} s; the next evaluation takes it up.";
            LogAlertFailed(null, tenant.TenantId, message);
            return new TenantEvaluation(tenant.TenantId, [], null, message);
        }
    }

    private async Task<TenantEvaluation> EvaluateWithinAsync(MonitoredTenant tenant, CancellationToken cancellationToken, CancellationToken recordToken)
    {
        var tenantPolicy = tenant.Policy?.AlertPolicy() ?? policy;
        var lease = (tenant.Policy?.Alerts ?? alertSettings).SendLease;
        try
        {
            for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
            {
                var now = clock.GetUtcNow();
                var (loaded, activity) = await reader.ReadAsync(tenant.TenantId, cancellationToken);
                if (loaded.Pending is { } inFlight && inFlight.IsLeased(now))
                {
                    LogTenantBusy(tenant.TenantId, inFlight.DigestId);
                    return new TenantEvaluation(tenant.TenantId, [], null, null);
                }

                var decision = tenantPolicy.Decide(activity, loaded.Ledger, now);

                // A new digest is claimed already leased to this evaluation: no other may send it meanwhile.
                var digest = decision.Events.Count == 0
                    ? null
                    : OutboxEntry.From(DigestComposer.Compose(tenant, [.. loaded.Pending?.Events ?? [], .. decision.Events], now), OutboxStatus.Pending)
                        with { LeaseUntil = now + lease, Attempts = 1 };
                var snoozed = decision.Snoozed.Count == 0
                    ? null
                    : OutboxEntry.From(DigestComposer.Compose(tenant, decision.Snoozed, now), OutboxStatus.Snoozed);
                if (await ledgers.TryCommitAsync(loaded, decision.Ledger, digest, snoozed, cancellationToken) is not { } committed)
                {
                    LogClaimLost(tenant.TenantId, attempt);
                    continue;
                }

                if (snoozed is not null)
                {
                    LogEventsSnoozed(tenant.TenantId, snoozed.DigestId, snoozed.Events.Count);
                }

                var leased = digest is not null ? committed.Pending : await LeaseEarlierDigestAsync(tenant, committed.Pending, now, cancellationToken);
                var (email, error) = leased is null ? (null, null) : await DeliverAsync(tenant, leased, cancellationToken, recordToken);
                return new TenantEvaluation(tenant.TenantId, decision.Events, email, error) { Snoozed = decision.Snoozed };
            }

            return new TenantEvaluation(tenant.TenantId, [], null, "Other evaluations kept changing this tenant's ledger; the next evaluation takes it up.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAlertFailed(ex, tenant.TenantId, ex.Message);
            return new TenantEvaluation(tenant.TenantId, [], null, ex.Message);
        }
    }

    /// <summary>Takes over a digest an earlier evaluation could not send; null when there is none or another evaluation was quicker.</summary>
    private async Task<OutboxEntry?> LeaseEarlierDigestAsync(MonitoredTenant tenant, OutboxEntry? pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (pending is null)
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

    /// <summary>Sends a digest this evaluation holds the lease of, and records the outcome.</summary>
    private async Task<(OutgoingEmail? Email, string? Error)> DeliverAsync(
        MonitoredTenant tenant, OutboxEntry leased, CancellationToken cancellationToken, CancellationToken recordToken)
    {
        var lease = new HeldLease(leased);
        OutgoingEmail email;
        try
        {
            // Composed again from the stored events, so the recipients are the ones configured now.
            var digest = DigestComposer.Compose(tenant, leased.Events, leased.CreatedAt) with { DigestId = leased.DigestId };
            email = await SendAsync(tenant, digest, lease, cancellationToken);
        }
        catch (DeliveryException ex)
        {
            await ledgers.MarkFailedAsync(lease.Entry, ex.Message, permanent: !ex.Transient, recordToken);
            // Since the oldest event: a pending digest merged with newer events keeps its age.
            var oldest = leased.Events.Count == 0 ? leased.CreatedAt : leased.Events.Min(e => e.At);
            var pendingHours = Math.Round((clock.GetUtcNow() - oldest).TotalHours, 1);
            if (ex.Misconfigured)
            {
                metrics.DeliveryMisconfigured();
                LogDeliveryMisconfigured(tenant.TenantId, leased.DigestId, leased.Attempts, pendingHours, ex.Message);
            }
            else if (ex.Transient)
            {
                LogDeliveryDeferred(tenant.TenantId, leased.DigestId, leased.Attempts, pendingHours, ex.Message);
            }
            else
            {
                LogDeliveryRefused(tenant.TenantId, leased.DigestId, ex.Message);
            }

            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not the provider's answer but a local one (an outbox folder that cannot be written): nothing says the
            // digest went out, so it is released at once for the next evaluation instead of sitting leased. Anything
            // else (a bug, a crash after the provider accepted) leaves the lease to run out: the documented window.
            var error = $"Delivery failed before the provider accepted the email: {ex.GetType().Name}: {ex.Message}";
            await ledgers.MarkFailedAsync(lease.Entry, error, permanent: false, recordToken);
            LogDeliveryDeferred(tenant.TenantId, leased.DigestId, leased.Attempts, 0, error);
            return (null, error);
        }

        if (!await ledgers.MarkSentAsync(lease.Entry, email, clock.GetUtcNow(), recordToken))
        {
            LogLeaseLost(tenant.TenantId, leased.DigestId);
        }

        metrics.AlertSent(email.Severity);
        LogAlertSent(tenant.TenantId, email.Severity.ToSlug(), email.DigestId, leased.Events.Count);
        return (email, null);
    }

    /// <summary>
    /// Sends the digest as one email, or, when it passes <see cref="AlertSettings.MaxDigestBytes"/> or the provider
    /// refuses it as too large, in numbered parts; returns the first (worst) part. The lease is renewed before each
    /// further part, so it only has to outlast one send. A part refused for its size is cut smaller and the rest
    /// planned again; any other failure leaves the whole digest pending, and the next evaluation sends every part.
    /// </summary>
    private async Task<OutgoingEmail> SendAsync(MonitoredTenant tenant, Digest digest, HeldLease lease, CancellationToken cancellationToken)
    {
        var first = renderer.Render(digest);
        var whole = DigestParts.SizeOf(first);
        var budget = alertSettings.MaxDigestBytes;
        if (whole <= budget)
        {
            try
            {
                await notifier.SendAsync(first, cancellationToken);
                return first;
            }
            catch (DeliveryException ex) when (ex.TooLarge && digest.Events.Count > 1)
            {
                budget = whole / 2;
            }
        }

        IReadOnlyList<Alerts.AlertEvent> remaining = digest.Events;
        OutgoingEmail? sentFirst = null;
        var sent = 0;
        while (remaining.Count > 0)
        {
            var parts = DigestParts.Plan(digest, remaining, DigestParts.SizeOf(renderer.Render(digest with { Events = remaining })), budget, renderer);
            var total = sent + parts.Count;
            LogDigestInParts(tenant.TenantId, digest.DigestId, total, budget / 1024);
            var replanned = false;
            foreach (var (events, email) in parts)
            {
                var part = DigestParts.Label(email, digest.DigestId, sent + 1, total);
                if (sent > 0)
                {
                    await lease.RenewAsync(ledgers, now => now + alertSettings.SendLease, clock, cancellationToken);
                }

                try
                {
                    await notifier.SendAsync(part, cancellationToken);
                }
                catch (DeliveryException ex) when (ex.TooLarge && events.Count > 1)
                {
                    budget = Math.Max(1, DigestParts.SizeOf(email) / 2);
                    replanned = true;
                    break;
                }

                sentFirst ??= part;
                sent++;
                remaining = remaining.Skip(events.Count).ToList();
            }

            if (!replanned && remaining.Count > 0)
            {
                throw new InvalidOperationException("The digest's parts did not cover all its events.");
            }
        }

        return sentFirst!;
    }

    [LoggerMessage(EventId = 2001, EventName = "AlertSent", Level = LogLevel.Information,
        Message = "Alert digest {DigestId} sent for tenant {TenantId}: {Severity}, {EventCount} events")]
    private partial void LogAlertSent(string tenantId, string severity, string digestId, int eventCount);

    [LoggerMessage(EventId = 2003, EventName = "AlertFailed", Level = LogLevel.Error,
        Message = "Evaluating or notifying tenant {TenantId} failed: {Reason}")]
    private partial void LogAlertFailed(Exception? exception, string tenantId, string reason);

    [LoggerMessage(EventId = 2004, EventName = "EvaluationCompleted", Level = LogLevel.Information,
        Message = "Evaluation completed: {TenantCount} tenants, {DigestCount} digests sent, {FailedCount} failed")]
    private partial void LogEvaluationCompleted(int tenantCount, int digestCount, int failedCount);

    [LoggerMessage(EventId = 2005, EventName = "DeliveryDeferred", Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} for tenant {TenantId} was not accepted (attempt {Attempt}, pending {PendingHours} h), it stays in the outbox for the next evaluation: {Reason}")]
    private partial void LogDeliveryDeferred(string tenantId, string digestId, int attempt, double pendingHours, string reason);

    [LoggerMessage(EventId = 2011, EventName = "DeliveryMisconfigured", Level = LogLevel.Error,
        Message = "Email delivery misconfigured: alert digest {DigestId} for tenant {TenantId} stays in the outbox (attempt {Attempt}, pending {PendingHours} h) until the setting is fixed: {Reason}")]
    private partial void LogDeliveryMisconfigured(string tenantId, string digestId, int attempt, double pendingHours, string reason);

    [LoggerMessage(EventId = 2006, EventName = "DeliveryRefused", Level = LogLevel.Error,
        Message = "Alert digest {DigestId} for tenant {TenantId} was refused by the provider and will not be retried: {Reason}")]
    private partial void LogDeliveryRefused(string tenantId, string digestId, string reason);

    [LoggerMessage(EventId = 2007, EventName = "ClaimLost", Level = LogLevel.Information,
        Message = "Another evaluation changed the ledger of tenant {TenantId} first (attempt {Attempt}); deciding again")]
    private partial void LogClaimLost(string tenantId, int attempt);

    [LoggerMessage(EventId = 2008, EventName = "TenantBusy", Level = LogLevel.Information,
        Message = "Another evaluation is sending digest {DigestId} of tenant {TenantId}; skipped this time")]
    private partial void LogTenantBusy(string tenantId, string digestId);

    [LoggerMessage(EventId = 2009, EventName = "EventsSnoozed", Level = LogLevel.Information,
        Message = "Tenant {TenantId}: {EventCount} events of snoozed tokens recorded as {DigestId}, not sent")]
    private partial void LogEventsSnoozed(string tenantId, string digestId, int eventCount);

    [LoggerMessage(EventId = 2012, EventName = "DigestInParts", Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} of tenant {TenantId} is too large for one email; it is sent in {PartCount} parts of at most {MaxKilobytes} KB")]
    private partial void LogDigestInParts(string tenantId, string digestId, int partCount, long maxKilobytes);

    [LoggerMessage(EventId = 2013, EventName = "TenantPaused", Level = LogLevel.Information,
        Message = "Tenant {TenantId} is paused: polled, not evaluated; nobody is told until it is resumed")]
    private partial void LogTenantPaused(string tenantId);

    [LoggerMessage(EventId = 2010, EventName = "LeaseLost", Level = LogLevel.Warning,
        Message = "Alert digest {DigestId} of tenant {TenantId} was sent, but its lease had expired and another evaluation took it over: it may be sent twice")]
    private partial void LogLeaseLost(string tenantId, string digestId);
}
