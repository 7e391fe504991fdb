using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// Drives <see cref="AlertPolicy"/> the way an evaluation does: polls become snapshots, each decision's ledger is
/// the next one's input. Every token a poll reads is passed; a token missing from a read endpoint is removed.
/// </summary>
internal sealed class PolicyRun(AlertSettings? settings = null)
{
    private int _runs;

    public AlertSettings Settings { get; } = settings ?? new AlertSettings();
    public AlertPolicy Policy => new(Settings, new HealthRules(new HealthThresholds()));
    public AlertLedger Ledger { get; set; } = AlertLedger.Empty;
    private readonly Dictionary<string, TokenObservation> _stored = new(StringComparer.Ordinal);

    /// <summary>Records a poll at <paramref name="at"/> without evaluating.</summary>
    public PollSnapshot Poll(DateTimeOffset at, IEnumerable<TokenObservation> tokens, params PollFailure[] failures)
    {
        var read = tokens.Where(t => failures.All(f => f.Kind != t.Kind)).ToList();
        var changes = read.Select(t => new TokenChange(t.Key, t)).ToList();
        foreach (var gone in _stored.Values.Where(s => failures.All(f => f.Kind != s.Kind) && read.All(t => t.Key != s.Key)).ToList())
        {
            changes.Add(new TokenChange(gone.Key, null));
            _stored.Remove(gone.Key);
        }

        foreach (var token in read)
        {
            _stored[token.Key] = token;
        }

        return new PollSnapshot($"run-{++_runs:D5}", at, failures, changes);
    }

    /// <summary>A poll at <paramref name="at"/> and the evaluation right after it.</summary>
    public AlertDecision PollAndDecide(DateTimeOffset at, params TokenObservation[] tokens) =>
        Decide(at, Poll(at, tokens));

    public AlertDecision FailAndDecide(DateTimeOffset at, PollFailure failure, params TokenObservation[] tokens) =>
        Decide(at, Poll(at, tokens, failure));

    public AlertDecision Decide(DateTimeOffset now, params PollSnapshot[] polls)
    {
        var decision = Policy.Decide(PollActivity.Of(polls), Ledger, now);
        Ledger = decision.Ledger;
        return decision;
    }

    public static PollFailure Failure(TokenKind kind, string code = FailureCodes.PermissionMissing) =>
        new(kind, code, $"Graph answered 403 for the {kind} read.", "Grant DeviceManagementServiceConfig.Read.All to the app.");
}
