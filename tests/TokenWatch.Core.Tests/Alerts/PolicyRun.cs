using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tests.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// Drives <see cref="AlertPolicy"/> the way an evaluation does: polls become snapshots, each decision's ledger is
/// the next one's input. A poll passes what <see cref="TokenChanges"/> finds against the tokens stored so far, as the
/// poll store does.
/// </summary>
internal sealed class PolicyRun(AlertSettings? settings = null)
{
    private int _runs;

    public AlertSettings Settings { get; } = settings ?? new AlertSettings();
    public AlertPolicy Policy => new(Settings, new HealthRules(new HealthThresholds()));
    public AlertLedger Ledger { get; set; } = AlertLedger.Empty;
    private readonly StoredTokens _stored = new();

    /// <summary>
    /// Records a poll at <paramref name="at"/> without evaluating; its changes found as the store finds them.
    /// </summary>
    public PollSnapshot Poll(DateTimeOffset at, IEnumerable<TokenObservation> tokens, params PollFailure[] failures)
    {
        var changes = _stored.Record(new TenantReading("tenant", at, tokens.ToList(), failures));
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
        new(kind, code, $"Graph answered 403 for the {kind} read.", FailureFix.GrantPermission);
}
