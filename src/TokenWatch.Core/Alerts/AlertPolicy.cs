using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Decides what admins of one tenant must be told, as a pure function of (the polls since the last evaluation,
/// the ledger, now): deciding again on the ledger it returned, with no new poll, yields no event and the same ledger.
/// <list type="number">
/// <item>Fold: each new poll updates the tokens it saw, counts read failures per endpoint, and counts for every
/// open condition the polls in a row that read its token's endpoint and found the condition gone.</item>
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

    public AlertDecision Decide(PollActivity activity, AlertLedger ledger, DateTimeOffset now)
    {
        var folded = Fold(activity, ledger);
        var events = new List<AlertEvent>();
        var snoozedEvents = new List<AlertEvent>();
        var snoozes = new SortedDictionary<string, Snooze>(
            ledger.Snoozes.Where(s => s.Value.Until > now).ToDictionary(s => s.Key, s => s.Value),
            StringComparer.Ordinal
        );
        var tokens = new SortedDictionary<string, TokenLedger>(StringComparer.Ordinal);

        foreach (var (key, observation) in folded.Tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            ledger.Tokens.TryGetValue(key, out var known);
            var alerts = folded.Alerts.GetValueOrDefault(key) ?? new(StringComparer.Ordinal);
            var outcome = DecideToken(
                observation,
                known,
                alerts,
                ledger.ReadKinds.Contains(observation.Kind),
                folded.Tokens.Values,
                now
            );
            tokens[key] = outcome.Ledger;
            SilenceRoute.Route(key, outcome.Events, outcome.Changed, outcome.Ledger, snoozes, events, snoozedEvents);
        }

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

    /// <summary>The conditions of a token that count: not-ok reasons, the worst of each condition.</summary>
    public static IReadOnlyDictionary<Condition, HealthReason> Conditions(TokenHealth health) =>
        health
            .Reasons.Where(r => r.Status != HealthStatus.Ok)
            .GroupBy(r => r.Condition)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Status.Rank())!);

    /// <summary>True while <paramref name="condition"/> still describes the token, itself or by a worse one covering it.</summary>
    public static bool Holds(IReadOnlyDictionary<Condition, HealthReason> conditions, Condition condition) =>
        conditions.ContainsKey(condition) || (condition.Describe().CoveredBy is { } by && conditions.ContainsKey(by));

    private FoldedPolls Fold(PollActivity activity, AlertLedger ledger)
    {
        var tokens = ledger.Tokens.ToDictionary(t => t.Key, t => t.Value.Observation, StringComparer.Ordinal);
        var alerts = ledger.Tokens.ToDictionary(
            t => t.Key,
            t => t.Value.Alerts.ToDictionary(StringComparer.Ordinal),
            StringComparer.Ordinal
        );
        var endpoints = ledger.Endpoints.ToDictionary(e => e.Key, e => e.Value);
        var readKinds = new SortedSet<TokenKind>(ledger.ReadKinds);
        var watermark = ledger.Watermark;

        Apply(tokens, activity.EarlierChanges);
        if (activity.MissedPolls)
        {
            // Polls went by unread: whether they were clean is unknown, so counting starts again.
            ResetCounts(alerts, endpoints);
        }

        foreach (var poll in activity.Polls.OrderBy(p => p.At).ThenBy(p => p.RunId, StringComparer.Ordinal))
        {
            Apply(tokens, poll.Changes);
            foreach (var kind in Enum.GetValues<TokenKind>())
            {
                var failure = poll.Failures.FirstOrDefault(f => f.Kind == kind);
                endpoints[kind] = Count(endpoints.GetValueOrDefault(kind) ?? EndpointLedger.Healthy, failure);
                if (failure is null)
                {
                    readKinds.Add(kind);
                }

                CountCleanPolls(tokens, alerts, kind, failure is null ? poll.At : null);
            }

            watermark =
                watermark is not null && watermark.At == poll.At
                    ? watermark with
                    {
                        RunIds = [.. watermark.RunIds.Append(poll.RunId).Distinct(StringComparer.Ordinal)],
                    }
                    : new PollWatermark(poll.At, [poll.RunId]);
        }

        return new FoldedPolls(tokens, alerts, endpoints, readKinds, watermark);
    }

    /// <summary>Reads are counted only as far as "restored" needs: a quiet poll then leaves the ledger as it was (issue 16).</summary>
    private EndpointLedger Count(EndpointLedger endpoint, PollFailure? failure) =>
        failure is null
            ? endpoint with
            {
                FailedPolls = 0,
                ReadPolls = Math.Min(endpoint.ReadPolls + 1, settings.RecoveryPolls),
            }
            : endpoint with
            {
                FailedPolls = endpoint.FailedPolls + 1,
                ReadPolls = 0,
                LastFailure = failure,
            };

    /// <summary>
    /// Counts, for every open condition of the kind's tokens, a poll on which it was gone; a poll that could not read
    /// the endpoint (<paramref name="readAt"/> null) says nothing about the token: it is not clean.
    /// </summary>
    private void CountCleanPolls(
        Dictionary<string, TokenObservation> tokens,
        Dictionary<string, Dictionary<string, OpenAlert>> alerts,
        TokenKind kind,
        DateTimeOffset? readAt
    )
    {
        foreach (var (key, observation) in tokens.Where(t => t.Value.Kind == kind))
        {
            if (!alerts.TryGetValue(key, out var open) || open.Count == 0)
            {
                continue;
            }

            var conditions = readAt is { } at ? Conditions(rules.Evaluate(observation, at, tokens.Values)) : null;
            foreach (var code in open.Keys.ToList())
            {
                var clean =
                    conditions is not null
                    && ConditionCatalog.TryParse(code, out var condition)
                    && !Holds(conditions, condition);
                open[code] = open[code] with { CleanPolls = clean ? open[code].CleanPolls + 1 : 0 };
            }
        }
    }

    private static void ResetCounts(
        Dictionary<string, Dictionary<string, OpenAlert>> alerts,
        Dictionary<TokenKind, EndpointLedger> endpoints
    )
    {
        foreach (var open in alerts.Values)
        {
            foreach (var code in open.Keys.ToList())
            {
                open[code] = open[code] with { CleanPolls = 0 };
            }
        }

        foreach (var kind in endpoints.Keys.ToList())
        {
            endpoints[kind] = endpoints[kind] with { ReadPolls = 0 };
        }
    }

    private static void Apply(Dictionary<string, TokenObservation> tokens, IEnumerable<TokenChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Observation is null)
            {
                tokens.Remove(change.TokenKey);
            }
            else
            {
                tokens[change.TokenKey] = change.Observation;
            }
        }
    }

    private TokenOutcome DecideToken(
        TokenObservation token,
        TokenLedger? known,
        Dictionary<string, OpenAlert> folded,
        bool kindReadBefore,
        IReadOnlyCollection<TokenObservation> tenant,
        DateTimeOffset now
    )
    {
        var health = rules.Evaluate(token, now, tenant);
        var previous = known?.Observation;
        var (events, changed) = TokenChangeEvents.Of(token, previous, kindReadBefore, health, now);
        var conditions = Conditions(health);
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
            else if (Holds(conditions, condition))
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

    /// <summary>Entered (or escalated) and reminders; returns whether a condition is new or worse (ends a snooze).</summary>
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

                open[code] = new OpenAlert(reason.Status, now, now, 0);
            }
            else if (reason.Status.Rank() > entry.Severity.Rank())
            {
                events.Add(entered);
                changed = true;
                open[code] = entry with { Severity = reason.Status, NotifiedAt = now };
            }
            else
            {
                open[code] = Reminders.Decide(entry, entered, settings.ReminderInterval, now, events);
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

    private sealed record FoldedPolls(
        Dictionary<string, TokenObservation> Tokens,
        Dictionary<string, Dictionary<string, OpenAlert>> Alerts,
        Dictionary<TokenKind, EndpointLedger> Endpoints,
        SortedSet<TokenKind> ReadKinds,
        PollWatermark? Watermark
    );

    /// <summary>A token's decision; <see cref="Changed"/>: it changed in a way that ends a snooze.</summary>
    private sealed record TokenOutcome(TokenLedger Ledger, IReadOnlyList<AlertEvent> Events, bool Changed);
}
