using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Decides what admins of one tenant must be told, as a pure function of (the polls since the last evaluation,
/// the ledger, now): deciding again on the ledger it returned, with no new poll, yields no event and the same ledger.
/// <list type="number">
/// <item>Fold (<see cref="PollFolder"/>): the polls since the last evaluation, per endpoint and condition.</item>
/// <item>Decide: judge each token now and compare with the ledger: entered, escalated, reminded, milestone,
/// recovered (only after <see cref="AlertSettings.RecoveryPolls"/> clean polls), renewed, new owner or topic, added,
/// removed; then monitoring failed (after <see cref="AlertSettings.MonitoringFailurePolls"/>) and restored.</item>
/// <item>Route: events of a snoozed token are recorded, not sent, unless the token changed in a way the snooze did
/// not cover (renewed, a new condition, a new owner or topic, removed): that ends the snooze. An acknowledged
/// condition holds its reminders but not its recovery (<see cref="SilenceRoute"/>).</item>
/// </list>
/// </summary>
public sealed class AlertPolicy(AlertSettings settings, HealthRules rules)
{
    private readonly MonitoringPolicy _monitoring = new(settings);
    private readonly RenewalCheck _renewals = new(settings);
    private readonly PollFolder _folder = new(settings, rules);

    /// <param name="enrollment">The tenant's stored enrollment scans; null: not read (no enrollment condition is
    /// judged, and none open is counted as gone).</param>
    public AlertDecision Decide(
        PollActivity activity,
        AlertLedger ledger,
        DateTimeOffset now,
        TenantEnrollment? enrollment = null
    )
    {
        var folded = _folder.Fold(activity, ledger, enrollment);
        var events = new List<AlertEvent>();
        var snoozedEvents = new List<AlertEvent>();
        var snoozes = new SortedDictionary<string, Snooze>(
            ledger.Snoozes.Where(s => s.Value.Until > now).ToDictionary(s => s.Key, s => s.Value),
            StringComparer.Ordinal
        );
        var tokens = new SortedDictionary<string, TokenLedger>(StringComparer.Ordinal);

        var tenant = new TenantView(folded.Tokens.Values, enrollment);
        foreach (var (key, observation) in folded.Tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var outcome = DecideToken(key, observation, ledger, folded, tenant, now);
            tokens[key] = outcome.Ledger;
            SilenceRoute.Route(key, outcome.Events, outcome.Changed, outcome.Ledger, snoozes, events, snoozedEvents);
        }

        TellRemoved(ledger, folded, snoozes, now, events);

        var next = new AlertLedger
        {
            Watermark = folded.Watermark,
            ReadKinds = folded.ReadKinds.ToList(),
            Tokens = tokens,
            Endpoints = _monitoring.Decide(folded.Endpoints, now, events),
            Snoozes = snoozes,
        };
        return new AlertDecision(events, snoozedEvents, next);
    }

    /// <summary>Tokens the ledger knew that the polls no longer show: removed (a missing certificate says so
    /// itself).</summary>
    private static void TellRemoved(
        AlertLedger ledger,
        FoldedPolls folded,
        SortedDictionary<string, Snooze> snoozes,
        DateTimeOffset now,
        List<AlertEvent> events
    )
    {
        foreach (var (key, known) in ledger.Tokens.Where(t => !folded.Tokens.ContainsKey(t.Key)))
        {
            snoozes.Remove(key);
            if (!known.Observation.NotConfigured)
            {
                var gone = known.Observation;
                events.Add(
                    Events.Token(AlertEventKind.TokenRemoved, Events.RemovedSeverity(gone.Kind), gone, null, now)
                );
            }
        }
    }

    /// <summary>What the ledger knew of the token, its open alerts as folded, and whether its kind was read
    /// before.</summary>
    private static (TokenLedger? Known, Dictionary<string, OpenAlert> Alerts, bool ReadBefore) Known(
        string key,
        TokenObservation token,
        AlertLedger stored,
        FoldedPolls folded
    ) =>
        (
            stored.Tokens.GetValueOrDefault(key),
            folded.Alerts.GetValueOrDefault(key) ?? new(StringComparer.Ordinal),
            stored.ReadKinds.Contains(token.Kind)
        );

    private TokenOutcome DecideToken(
        string key,
        TokenObservation token,
        AlertLedger stored,
        FoldedPolls foldedPolls,
        TenantView tenant,
        DateTimeOffset now
    )
    {
        var (known, folded, readBefore) = Known(key, token, stored, foldedPolls);
        var health = rules.Evaluate(token, now, tenant.Tokens, tenant.Enrollment);
        var previous = known?.Observation;
        var (events, changed) = TokenChangeEvents.Of(token, previous, readBefore, health, now);
        var conditions = OpenConditions.Of(health);
        var expiryMoved = previous is not null && TokenChangeEvents.ExpiryMoved(previous.ExpiresAt, token.ExpiresAt);
        var open = KeepOpen(folded, conditions, expiryMoved, token, health, now, events);

        // An error stays an error until it has recovered, so the countdown resumes in the same digest as "recovered".
        var inError = conditions.Keys.Concat(Parsed(open.Keys)).Any(c => c.Describe().IsError);
        var lastMilestone = expiryMoved ? null : known?.LastMilestone;
        var milestone = Milestone(token, health, lastMilestone, inError, now);
        if (milestone is not null)
        {
            events.Add(milestone);
            lastMilestone = milestone.MilestoneDays;
        }

        var renewedNow = events.Any(e => e.Kind == AlertEventKind.Renewed);
        var (renewal, told) = _renewals.Decide(token, previous, known?.Renewal, renewedNow, health, now);
        events.AddRange(told is null ? [] : [told]);
        changed |= Notify(conditions, open, inError, milestone is not null, token, health, now, events);
        var ledger = new TokenLedger
        {
            Observation = token,
            Alerts = LedgerTimes.Settled(open, now),
            LastMilestone = lastMilestone,
            Renewal = renewal,
        };
        return new TokenOutcome(ledger, events, changed);
    }

    /// <summary>
    /// The open conditions that stay open, and "recovered" for those gone on enough polls in a row; a condition of
    /// another TokenWatch version is kept as it is, to be judged again by the version that knows it.
    /// </summary>
    private SortedDictionary<string, OpenAlert> KeepOpen(
        Dictionary<string, OpenAlert> folded,
        IReadOnlyDictionary<Condition, HealthReason> conditions,
        bool expiryMoved,
        TokenObservation token,
        TokenHealth health,
        DateTimeOffset now,
        List<AlertEvent> events
    )
    {
        var open = new SortedDictionary<string, OpenAlert>(folded, StringComparer.Ordinal);
        foreach (var (code, entry) in open.ToList())
        {
            if (!ConditionCatalog.TryParse(code, out var condition))
            {
                continue;
            }

            var descriptor = condition.Describe();
            if (descriptor.CoveredBy is { } by && conditions.ContainsKey(by))
            {
                open.Remove(code); // the worse condition took over
            }
            else if (OpenConditions.Holds(conditions, condition))
            {
                open[code] = entry with { CleanPolls = 0 };
            }
            else if (expiryMoved && descriptor.ClearedByRenewal)
            {
                open.Remove(code); // the renewal (or the new certificate) said it
            }
            else if (entry.CleanPolls >= settings.RecoveryPolls)
            {
                events.Add(Events.Token(AlertEventKind.Recovered, HealthStatus.Ok, token, health, now, condition));
                open.Remove(code);
            }
        }

        return open;
    }

    /// <summary>
    /// The lowest milestone newly crossed; while the token is in error only the last ones (within
    /// <see cref="AlertSettings.MilestonesDuringErrorDays"/>) break through, so a long error cannot hide the last days.
    /// </summary>
    private AlertEvent? Milestone(
        TokenObservation token,
        TokenHealth health,
        int? lastMilestone,
        bool inError,
        DateTimeOffset now
    )
    {
        if (
            token.ExpiresAt is not { } expires
            || expires <= now
            || LowestCrossed(expires, now) is not { } days
            || days >= lastMilestone
            || (inError && days > settings.MilestonesDuringErrorDays)
        )
        {
            return null;
        }

        return Events.Token(AlertEventKind.Milestone, HealthStatus.Warning, token, health, now, Condition.Expiring) with
        {
            MilestoneDays = days,
        };
    }

    /// <summary>Entered (or escalated) and reminders; true when a condition is new or worse (ends a snooze).</summary>
    private bool Notify(
        IReadOnlyDictionary<Condition, HealthReason> conditions,
        SortedDictionary<string, OpenAlert> open,
        bool inError,
        bool milestoneTold,
        TokenObservation token,
        TokenHealth health,
        DateTimeOffset now,
        List<AlertEvent> events
    )
    {
        var changed = false;
        foreach (var (condition, reason) in conditions.Where(c => !Inhibited(c.Key, conditions, inError)))
        {
            var code = condition.Code();
            var entered = Events.Token(AlertEventKind.Entered, reason.Status, token, health, now, condition);
            if (!open.TryGetValue(code, out var entry))
            {
                // Reaching the warning window is the milestone mail itself, and a push certificate just removed
                // said that none is configured: one event, not two.
                var saidAlready =
                    (condition.Describe().IsCountdown && milestoneTold)
                    || (condition == Condition.NotConfigured && events.Any(e => e.Kind == AlertEventKind.TokenRemoved));
                if (!saidAlready)
                {
                    events.Add(entered);
                    changed = true;
                }

                open[code] = new OpenAlert(reason.Status, now, now, 0) { Devices = OpenAlerts.Devices(reason) };
            }
            else
            {
                (open[code], var told) = OpenAlerts.Again(entry, reason, entered, settings.ReminderInterval, events);
                changed |= told;
            }
        }

        return changed;
    }

    /// <summary>
    /// Inhibition: a symptom (a stale sync) is not told while its cause holds (a sync error; an expired token cannot
    /// sync), and countdown mails would bury an error; both stay open in the ledger once told (they are true), but are
    /// not told while the worse condition is.
    /// </summary>
    private static bool Inhibited(
        Condition condition,
        IReadOnlyDictionary<Condition, HealthReason> conditions,
        bool inError
    )
    {
        var descriptor = condition.Describe();
        return descriptor.SymptomOf.Any(conditions.ContainsKey) || (descriptor.IsCountdown && inError);
    }

    private static IEnumerable<Condition> Parsed(IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            if (ConditionCatalog.TryParse(code, out var condition))
            {
                yield return condition;
            }
        }
    }

    private int? LowestCrossed(DateTimeOffset expires, DateTimeOffset now)
    {
        var crossed = settings.MilestoneDays.Where(m => expires - now <= TimeSpan.FromDays(m)).ToList();
        return crossed.Count == 0 ? null : crossed.Min();
    }

    /// <summary>The tenant's tokens as folded, and its enrollment scans: every token is judged beside them.</summary>
    private sealed record TenantView(IReadOnlyCollection<TokenObservation> Tokens, TenantEnrollment? Enrollment);

    /// <summary>A token's decision; <see cref="Changed"/>: it changed in a way that ends a snooze.</summary>
    private sealed record TokenOutcome(TokenLedger Ledger, IReadOnlyList<AlertEvent> Events, bool Changed);
}
