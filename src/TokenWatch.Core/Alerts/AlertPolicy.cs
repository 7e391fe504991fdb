using System.Globalization;
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
/// not cover (renewed, a new condition, a new owner or topic, removed): that ends the snooze.</item>
/// </list>
/// </summary>
public sealed class AlertPolicy(AlertSettings settings, HealthRules rules)
{
    /// <summary>
    /// Conditions under which a token is broken, not merely running out: while one holds, countdown mails
    /// (milestones, "expires soon") would only bury it.
    /// </summary>
    private static readonly HashSet<string> ErrorConditions =
        new([ReasonCodes.SyncError, ReasonCodes.SyncFailed, ReasonCodes.InvalidState, ReasonCodes.UploadFailed, ReasonCodes.Expired], StringComparer.Ordinal);

    /// <summary>An expiry date moving by less than this is a change of rounding, not a renewal or a new token.</summary>
    private static readonly TimeSpan ExpiryTolerance = TimeSpan.FromDays(1);

    public AlertDecision Decide(PollActivity activity, AlertLedger ledger, DateTimeOffset now)
    {
        var folded = Fold(activity, ledger);
        var events = new List<AlertEvent>();
        var snoozedEvents = new List<AlertEvent>();
        var snoozes = new SortedDictionary<string, Snooze>(
            ledger.Snoozes.Where(s => s.Value.Until > now).ToDictionary(s => s.Key, s => s.Value), StringComparer.Ordinal);
        var tokens = new SortedDictionary<string, TokenLedger>(StringComparer.Ordinal);

        foreach (var (key, observation) in folded.Tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            ledger.Tokens.TryGetValue(key, out var known);
            var alerts = folded.Alerts.GetValueOrDefault(key) ?? new Dictionary<string, OpenAlert>(StringComparer.Ordinal);
            var outcome = DecideToken(observation, known, alerts, ledger.ReadKinds.Contains(observation.Kind), now);
            tokens[key] = outcome.Ledger;
            Route(key, outcome, snoozes, events, snoozedEvents);
        }

        foreach (var (key, known) in ledger.Tokens.Where(t => !folded.Tokens.ContainsKey(t.Key)))
        {
            snoozes.Remove(key);
            if (!known.Observation.NotConfigured)
            {
                events.Add(TokenEvent(AlertEventKind.TokenRemoved, HealthStatus.Warning, "removed", known.Observation, null, now,
                    $"{known.Observation.Kind.ToDisplayName()} \"{known.Observation.DisplayName}\" is no longer in Intune."));
            }
        }

        var endpoints = DecideMonitoring(folded.Endpoints, now, events);
        var next = new AlertLedger
        {
            Watermark = folded.Watermark,
            ReadKinds = folded.ReadKinds.ToList(),
            Tokens = tokens,
            Endpoints = endpoints,
            Snoozes = snoozes,
        };
        return new AlertDecision(events, snoozedEvents, next);
    }

    /// <summary>The conditions of a token that count: not-ok reasons, the worst of each code.</summary>
    public static IReadOnlyDictionary<string, HealthReason> Conditions(TokenHealth health) =>
        health.Reasons
            .Where(r => r.Status != HealthStatus.Ok)
            .GroupBy(r => r.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Status.Rank())!, StringComparer.Ordinal);

    /// <summary>True while <paramref name="code"/> still describes the token; an expired token still "expires soon".</summary>
    public static bool Holds(IReadOnlyDictionary<string, HealthReason> conditions, string code) =>
        conditions.ContainsKey(code) || (code == ReasonCodes.Expiring && conditions.ContainsKey(ReasonCodes.Expired));

    private FoldedPolls Fold(PollActivity activity, AlertLedger ledger)
    {
        var tokens = ledger.Tokens.ToDictionary(t => t.Key, t => t.Value.Observation, StringComparer.Ordinal);
        var alerts = ledger.Tokens.ToDictionary(
            t => t.Key, t => t.Value.Alerts.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var endpoints = ledger.Endpoints.ToDictionary(e => e.Key, e => e.Value);
        var readKinds = new SortedSet<TokenKind>(ledger.ReadKinds);
        var watermark = ledger.Watermark;

        Apply(tokens, activity.EarlierChanges);
        if (activity.MissedPolls)
        {
            // Polls went by unread: whether they were clean is unknown, so counting starts again.
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

        foreach (var poll in activity.Polls.OrderBy(p => p.At).ThenBy(p => p.RunId, StringComparer.Ordinal))
        {
            Apply(tokens, poll.Changes);
            foreach (var kind in Enum.GetValues<TokenKind>())
            {
                var endpoint = endpoints.GetValueOrDefault(kind) ?? EndpointLedger.Healthy;
                var failure = poll.Failures.FirstOrDefault(f => f.Kind == kind);
                if (failure is null)
                {
                    // Counted only as far as "restored" needs: a quiet poll then leaves the ledger as it was (issue 16).
                    endpoints[kind] = endpoint with { FailedPolls = 0, ReadPolls = Math.Min(endpoint.ReadPolls + 1, settings.RecoveryPolls) };
                    readKinds.Add(kind);
                }
                else
                {
                    endpoints[kind] = endpoint with { FailedPolls = endpoint.FailedPolls + 1, ReadPolls = 0, LastFailure = failure };
                }

                foreach (var (key, observation) in tokens.Where(t => t.Value.Kind == kind))
                {
                    if (!alerts.TryGetValue(key, out var open) || open.Count == 0)
                    {
                        continue;
                    }

                    // A poll that could not read the endpoint says nothing about the token: it is not clean.
                    var conditions = failure is null ? Conditions(rules.Evaluate(observation, poll.At)) : null;
                    foreach (var code in open.Keys.ToList())
                    {
                        var clean = conditions is not null && !Holds(conditions, code);
                        open[code] = open[code] with { CleanPolls = clean ? open[code].CleanPolls + 1 : 0 };
                    }
                }
            }

            watermark = watermark is not null && watermark.At == poll.At
                ? watermark with { RunIds = watermark.RunIds.Append(poll.RunId).Distinct(StringComparer.Ordinal).ToList() }
                : new PollWatermark(poll.At, [poll.RunId]);
        }

        return new FoldedPolls(tokens, alerts, endpoints, readKinds, watermark);
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
        TokenObservation token, TokenLedger? known, Dictionary<string, OpenAlert> folded, bool kindReadBefore, DateTimeOffset now)
    {
        var events = new List<AlertEvent>();
        var changed = false;
        var health = rules.Evaluate(token, now);
        var previous = known?.Observation;
        var present = !token.NotConfigured;
        var wasPresent = previous is { NotConfigured: false };

        if (present && !wasPresent && (previous is not null || kindReadBefore))
        {
            events.Add(TokenEvent(AlertEventKind.TokenAdded, HealthStatus.Ok, "added", token, health, now,
                $"{token.Kind.ToDisplayName()} \"{token.DisplayName}\" appeared in Intune."));
        }

        if (!present)
        {
            if (wasPresent)
            {
                events.Add(TokenEvent(AlertEventKind.TokenRemoved, HealthStatus.Critical, "removed", token, health, now,
                    "The Apple MDM push certificate is no longer configured in Intune: Apple devices cannot be reached.") with { Previous = previous });
                changed = true;
            }

            // A token that is gone has no conditions left to recover from: "removed" said it all.
            return new TokenOutcome(new TokenLedger { Observation = token }, events, changed);
        }

        var expiryMoved = previous is not null && ExpiryMoved(previous.ExpiresAt, token.ExpiresAt);
        var renewed = wasPresent && previous!.ExpiresAt is { } before && token.ExpiresAt is { } after && after - before >= ExpiryTolerance;
        if (wasPresent)
        {
            var newTopic = token.Kind == TokenKind.Apns && !string.IsNullOrWhiteSpace(previous!.TopicId)
                && !string.IsNullOrWhiteSpace(token.TopicId) && !string.Equals(previous.TopicId, token.TopicId, StringComparison.Ordinal);
            if (newTopic)
            {
                events.Add(TokenEvent(AlertEventKind.TopicChanged, HealthStatus.Critical, "topic-changed", token, health, now,
                    $"The push certificate's topic changed from {previous!.TopicId} to {token.TopicId}: this is a new certificate, not a renewal.") with { Previous = previous });
                changed = true;
            }
            else if (renewed)
            {
                events.Add(TokenEvent(AlertEventKind.Renewed, HealthStatus.Ok, "renewed", token, health, now,
                    $"Renewed: now expires on {Date(token.ExpiresAt!.Value)} (was {Date(previous!.ExpiresAt!.Value)}).") with { Previous = previous });
                changed = true;
            }

            if (!string.IsNullOrWhiteSpace(previous!.AppleId) && !string.IsNullOrWhiteSpace(token.AppleId)
                && !string.Equals(previous.AppleId.Trim(), token.AppleId.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                events.Add(TokenEvent(AlertEventKind.OwnerChanged, HealthStatus.Warning, "owner-changed", token, health, now,
                    $"The Apple ID changed from {previous.AppleId} to {token.AppleId}.") with { Previous = previous });
                changed = true;
            }
        }

        var conditions = Conditions(health);
        var open = new SortedDictionary<string, OpenAlert>(folded, StringComparer.Ordinal);
        foreach (var (code, entry) in open.ToList())
        {
            if (code == ReasonCodes.Expiring && conditions.ContainsKey(ReasonCodes.Expired))
            {
                open.Remove(code); // "expired" took over
            }
            else if (Holds(conditions, code))
            {
                open[code] = entry with { CleanPolls = 0 };
            }
            else if (expiryMoved && code is ReasonCodes.Expiring or ReasonCodes.Expired)
            {
                open.Remove(code); // the renewal (or the new certificate) said it
            }
            else if (entry.CleanPolls >= settings.RecoveryPolls)
            {
                events.Add(TokenEvent(AlertEventKind.Recovered, HealthStatus.Ok, code, token, health, now, RecoveredMessage(code)));
                open.Remove(code);
            }
        }

        // An error stays an error until it has recovered, so the countdown resumes in the same digest as "recovered".
        var inError = conditions.Keys.Concat(open.Keys).Any(ErrorConditions.Contains);
        var lastMilestone = expiryMoved ? null : known?.LastMilestone;
        AlertEvent? milestone = null;
        if (!inError && token.ExpiresAt is { } expires && expires > now && LowestCrossed(expires, now) is { } days
            && (lastMilestone is null || days < lastMilestone))
        {
            milestone = TokenEvent(AlertEventKind.Milestone, HealthStatus.Warning, ReasonCodes.Expiring, token, health, now,
                $"Expires on {Date(expires)} ({DaysText(HealthRules.DaysUntil(expires, now))} left): past the {days}-day mark.") with { MilestoneDays = days };
            events.Add(milestone);
            lastMilestone = days;
        }

        foreach (var (code, reason) in conditions.Where(c => !Inhibited(c.Key, conditions, inError)))
        {
            if (!open.TryGetValue(code, out var entry))
            {
                // Reaching the warning window is the milestone mail itself: one event, not two.
                if (!(code == ReasonCodes.Expiring && milestone is not null))
                {
                    events.Add(TokenEvent(AlertEventKind.Entered, reason.Status, code, token, health, now, reason.Message));
                    changed = true;
                }

                open[code] = new OpenAlert(reason.Status, now, now, 0);
            }
            else if (reason.Status.Rank() > entry.Severity.Rank())
            {
                events.Add(TokenEvent(AlertEventKind.Entered, reason.Status, code, token, health, now, reason.Message));
                changed = true;
                open[code] = entry with { Severity = reason.Status, NotifiedAt = now };
            }
            else if (reason.Status == HealthStatus.Critical && now - entry.NotifiedAt >= settings.ReminderInterval)
            {
                events.Add(TokenEvent(AlertEventKind.Reminder, reason.Status, code, token, health, now,
                    $"{reason.Message} Still so since {Date(entry.OpenedAt)}."));
                open[code] = entry with { NotifiedAt = now };
            }
        }

        return new TokenOutcome(new TokenLedger { Observation = token, Alerts = open, LastMilestone = lastMilestone }, events, changed);
    }

    /// <summary>
    /// Inhibition: a stale sync is the symptom of a sync error or of expiry (an expired token cannot sync), and
    /// countdown mails would bury an error; both stay open in the ledger once told (they are true), but are not
    /// told while the worse condition is.
    /// </summary>
    private static bool Inhibited(string code, IReadOnlyDictionary<string, HealthReason> conditions, bool inError) => code switch
    {
        ReasonCodes.SyncStale => conditions.ContainsKey(ReasonCodes.SyncError) || conditions.ContainsKey(ReasonCodes.Expired),
        ReasonCodes.Expiring => inError,
        _ => false,
    };

    private static void Route(string key, TokenOutcome outcome, SortedDictionary<string, Snooze> snoozes, List<AlertEvent> events, List<AlertEvent> snoozed)
    {
        if (outcome.Events.Count == 0)
        {
            return;
        }

        if (snoozes.ContainsKey(key) && !outcome.Changed)
        {
            snoozed.AddRange(outcome.Events);
            return;
        }

        snoozes.Remove(key);
        events.AddRange(outcome.Events);
    }

    private SortedDictionary<TokenKind, EndpointLedger> DecideMonitoring(
        IReadOnlyDictionary<TokenKind, EndpointLedger> folded, DateTimeOffset now, List<AlertEvent> events)
    {
        var endpoints = new SortedDictionary<TokenKind, EndpointLedger>(folded.ToDictionary(e => e.Key, e => e.Value));

        // First notice after K failed polls, then a reminder every interval while it lasts; endpoints failing
        // for the same cause share one event.
        var failed = endpoints.Where(e => e.Value.FailedPolls >= settings.MonitoringFailurePolls && e.Value.FailedNotifiedAt is null).ToList();
        NotifyFailing(failed, AlertEventKind.MonitoringFailed, "could not read the {0} of this tenant on {1} polls in a row");
        var due = endpoints.Where(e => e.Value is { FailedPolls: > 0, FailedNotifiedAt: { } told } && now - told >= settings.ReminderInterval).ToList();
        NotifyFailing(due, AlertEventKind.Reminder, "still cannot read the {0} of this tenant ({1} polls in a row)");

        void NotifyFailing(List<KeyValuePair<TokenKind, EndpointLedger>> failing, AlertEventKind kind, string what)
        {
            foreach (var group in failing.GroupBy(e => e.Value.LastFailure!.Code, StringComparer.Ordinal))
            {
                var failure = group.First().Value.LastFailure!;
                var polls = group.Max(e => e.Value.FailedPolls);
                var message = $"TokenWatch {string.Format(CultureInfo.InvariantCulture, what, Endpoints(group), polls)}: {failure.Message}";
                events.Add(MonitoringEvent(kind, HealthStatus.Unknown, failure, now, message) with { ConsecutiveFailures = polls });
                foreach (var (endpointKind, endpoint) in group)
                {
                    endpoints[endpointKind] = endpoint with { FailedNotifiedAt = now };
                }
            }
        }

        var restored = endpoints.Where(e => e.Value.FailedNotifiedAt is not null && e.Value.ReadPolls >= settings.RecoveryPolls).ToList();
        if (restored.Count > 0)
        {
            var failure = restored[0].Value.LastFailure!;
            events.Add(MonitoringEvent(AlertEventKind.MonitoringRestored, HealthStatus.Ok, failure, now,
                $"TokenWatch can read the {Endpoints(restored)} of this tenant again."));
            foreach (var (kind, endpoint) in restored)
            {
                endpoints[kind] = endpoint with { FailedNotifiedAt = null };
            }
        }

        return endpoints;
    }

    private int? LowestCrossed(DateTimeOffset expires, DateTimeOffset now)
    {
        var crossed = settings.MilestoneDays.Where(m => expires - now <= TimeSpan.FromDays(m)).ToList();
        return crossed.Count == 0 ? null : crossed.Min();
    }

    private static bool ExpiryMoved(DateTimeOffset? before, DateTimeOffset? after) =>
        before is { } b && after is { } a ? (a - b).Duration() >= ExpiryTolerance : before.HasValue != after.HasValue;

    private static AlertEvent TokenEvent(
        AlertEventKind kind, HealthStatus severity, string condition, TokenObservation token, TokenHealth? health, DateTimeOffset now, string message) => new()
    {
        Kind = kind,
        Severity = severity,
        At = now,
        Condition = condition,
        Message = message,
        Token = token,
        Health = health,
    };

    private static AlertEvent MonitoringEvent(AlertEventKind kind, HealthStatus severity, PollFailure failure, DateTimeOffset now, string message) => new()
    {
        Kind = kind,
        Severity = severity,
        At = now,
        Condition = failure.Code,
        Message = message,
        Failure = failure,
    };

    private static string Endpoints(IEnumerable<KeyValuePair<TokenKind, EndpointLedger>> endpoints) =>
        string.Join(" and ", endpoints.Select(e => e.Key switch
        {
            TokenKind.Ade => "ADE tokens",
            TokenKind.Vpp => "VPP tokens",
            _ => "APNs certificate",
        }));

    private static string RecoveredMessage(string condition) => condition switch
    {
        ReasonCodes.Expired or ReasonCodes.Expiring => "The token no longer expires soon.",
        ReasonCodes.SyncError => "The token syncs with Apple again without error.",
        ReasonCodes.SyncStale or ReasonCodes.NeverSynced => "The token synced with Apple again.",
        ReasonCodes.InvalidState => "Intune reports the token as valid again.",
        ReasonCodes.SyncFailed => "The token's last sync with Apple succeeded.",
        ReasonCodes.UploadFailed => "The certificate upload no longer reports a failure.",
        _ => $"The condition '{condition}' has cleared.",
    };

    private static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string DaysText(int days) => days == 1 ? "1 day" : $"{days} days";

    private sealed record FoldedPolls(
        Dictionary<string, TokenObservation> Tokens,
        Dictionary<string, Dictionary<string, OpenAlert>> Alerts,
        Dictionary<TokenKind, EndpointLedger> Endpoints,
        SortedSet<TokenKind> ReadKinds,
        PollWatermark? Watermark);

    /// <summary>A token's decision; <see cref="Changed"/>: it changed in a way that ends a snooze.</summary>
    private sealed record TokenOutcome(TokenLedger Ledger, IReadOnlyList<AlertEvent> Events, bool Changed);
}
