using TokenWatch.Core.Conditions;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// The first step of <see cref="AlertPolicy"/>: each new poll updates the tokens it saw, counts read failures per
/// endpoint, and counts for every open condition the polls in a row that read its token's endpoint and found it gone.
/// </summary>
internal sealed class PollFolder(AlertSettings settings, HealthRules rules)
{
    public FoldedPolls Fold(PollActivity activity, AlertLedger ledger, TenantEnrollment? enrollment = null)
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

        Apply(tokens, alerts, activity.EarlierChanges);
        if (activity.MissedPolls)
        {
            // Polls went by unread: whether they were clean is unknown, so counting starts again.
            ResetCounts(alerts, endpoints);
        }

        foreach (var poll in activity.Polls.OrderBy(p => p.At).ThenBy(p => p.RunId, StringComparer.Ordinal))
        {
            Apply(tokens, alerts, poll.Changes);
            foreach (var kind in Enum.GetValues<TokenKind>())
            {
                var failure = poll.Failures.FirstOrDefault(f => f.Kind == kind);
                endpoints[kind] = Count(endpoints.GetValueOrDefault(kind) ?? EndpointLedger.Healthy, failure);
                if (failure is null)
                {
                    readKinds.Add(kind);
                }

                CountCleanPolls(tokens, alerts, kind, failure is null ? poll.At : null, enrollment);
            }

            watermark = Advance(watermark, poll);
        }

        return new FoldedPolls(tokens, alerts, endpoints, readKinds, watermark);
    }

    /// <summary>The newest poll folded in; polls started at the same instant are told apart by their ids.</summary>
    private static PollWatermark Advance(PollWatermark? watermark, PollSnapshot poll) =>
        watermark is not null && watermark.At == poll.At
            ? watermark with
            {
                RunIds = [.. watermark.RunIds.Append(poll.RunId).Distinct(StringComparer.Ordinal)],
            }
            : new PollWatermark(poll.At, [poll.RunId]);

    /// <summary>Reads are counted only as far as "restored" needs: a quiet poll leaves the ledger as it was.</summary>
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
        DateTimeOffset? readAt,
        TenantEnrollment? enrollment
    )
    {
        foreach (var (key, observation) in tokens.Where(t => t.Value.Kind == kind))
        {
            if (!alerts.TryGetValue(key, out var open) || open.Count == 0)
            {
                continue;
            }

            var conditions = readAt is { } at
                ? OpenConditions.Of(rules.Evaluate(observation, at, tokens.Values, enrollment))
                : null;
            foreach (var code in open.Keys.ToList())
            {
                var clean =
                    conditions is not null
                    && ConditionCatalog.TryParse(code, out var condition)
                    && !OpenConditions.Holds(conditions, condition)
                    && !EnrollmentConditions.Unjudged(condition, observation, enrollment);
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

    /// <summary>
    /// A token that disappears starts its clean-poll counts again: polls that did not see it say nothing about it, so a
    /// token removed and added back between evaluations recovers only after clean polls that read it again.
    /// </summary>
    private static void Apply(
        Dictionary<string, TokenObservation> tokens,
        Dictionary<string, Dictionary<string, OpenAlert>> alerts,
        IEnumerable<TokenChange> changes
    )
    {
        foreach (var change in changes)
        {
            if (change.Observation is null)
            {
                tokens.Remove(change.TokenKey);
                if (alerts.TryGetValue(change.TokenKey, out var open))
                {
                    foreach (var code in open.Keys.ToList())
                    {
                        open[code] = open[code] with { CleanPolls = 0 };
                    }
                }
            }
            else
            {
                tokens[change.TokenKey] = change.Observation;
            }
        }
    }
}
