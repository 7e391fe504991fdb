using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

public sealed class AlertPolicyTests
{
    private readonly HealthRules _rules = new(new HealthThresholds());
    private readonly AlertPolicy _policy = new();

    private List<(TokenObservation, TokenHealth)> Judge(params TokenObservation[] tokens) =>
        tokens.Select(t => (t, _rules.Evaluate(t, Now))).ToList();

    private static List<LedgerEntry> Apply(IEnumerable<LedgerEntry> ledger, AlertDecision decision) =>
        ledger.Where(e => !decision.RemovedAlertKeys.Contains(e.AlertKey) && decision.Upserts.All(u => u.AlertKey != e.AlertKey))
            .Concat(decision.Upserts).ToList();

    [Fact]
    public void A_new_error_is_sent_once_and_not_again_on_the_next_evaluation()
    {
        var current = Judge(Ade(syncError: 3), Vpp());

        var first = _policy.Decide(current, [], Now);
        var second = _policy.Decide(current, Apply([], first), Now.AddHours(1));

        var sent = Assert.Single(first.Events);
        Assert.Equal((AlertEventKind.Entered, ReasonCodes.SyncError, HealthStatus.Critical), (sent.Kind, sent.Condition, sent.Severity));
        Assert.Empty(second.Events);
        Assert.False(second.ChangesLedger);
    }

    [Fact]
    public void A_healthy_tenant_sends_nothing()
    {
        Assert.Empty(_policy.Decide(Judge(Ade(), Vpp(), Apns()), [], Now).Events);
    }

    [Fact]
    public void A_worse_severity_of_the_same_condition_is_sent_again()
    {
        var warning = _policy.Decide(Judge(Ade(syncedHoursAgo: 30)), [], Now);
        var critical = _policy.Decide(Judge(Ade(syncedHoursAgo: 80)), Apply([], warning), Now);

        Assert.Equal(HealthStatus.Warning, Assert.Single(warning.Events).Severity);
        Assert.Equal(HealthStatus.Critical, Assert.Single(critical.Events).Severity);
    }

    [Fact]
    public void A_cleared_condition_is_reported_recovered_and_leaves_the_ledger()
    {
        var broken = _policy.Decide(Judge(Vpp(state: "invalid")), [], Now);
        var fixedAgain = _policy.Decide(Judge(Vpp()), Apply([], broken), Now.AddDays(1));

        var recovered = Assert.Single(fixedAgain.Events);
        Assert.Equal(AlertEventKind.Recovered, recovered.Kind);
        Assert.Equal(ReasonCodes.InvalidState, recovered.Condition);
        Assert.Empty(Apply(Apply([], broken), fixedAgain));
    }

    [Fact]
    public void A_stale_sync_is_not_alerted_on_its_own_while_the_sync_error_is()
    {
        var decision = _policy.Decide(Judge(Ade(syncError: 3, syncedHoursAgo: 100)), [], Now);

        Assert.Equal([ReasonCodes.SyncError], decision.Events.Select(e => e.Condition));
    }
}
