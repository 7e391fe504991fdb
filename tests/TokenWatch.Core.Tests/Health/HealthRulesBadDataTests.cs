using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Tests.Health;

/// <summary>Data no token can really have is judged unknown, never ok (found by the Graph corpus).</summary>
public sealed class HealthRulesBadDataTests
{
    private static readonly HealthRules Rules = new(new HealthThresholds());

    [Theory]
    [InlineData(20, HealthStatus.Ok)] // a clock some hours apart from Graph's is no reason to doubt the data
    [InlineData(24 * 3, HealthStatus.Unknown)]
    [InlineData(24 * 365 * 50, HealthStatus.Unknown)]
    public void A_last_sync_ahead_of_the_clock_by_more_than_a_day_cannot_be_judged(
        int hoursAhead,
        HealthStatus expected
    )
    {
        var ade = Tokens.Ade() with { LastSyncAt = Tokens.Now.AddHours(hoursAhead - 24) };
        var vpp = Tokens.Vpp() with { LastSyncAt = Tokens.Now.AddHours(hoursAhead - 24) };

        Assert.Equal(expected, Rules.Evaluate(ade, Tokens.Now.AddHours(-24)).Status);
        Assert.Equal(expected, Rules.Evaluate(vpp, Tokens.Now.AddHours(-24)).Status);
    }

    [Theory]
    [InlineData("none", HealthStatus.Ok)]
    [InlineData("inProgress", HealthStatus.Ok)]
    [InlineData("Completed", HealthStatus.Ok)]
    [InlineData("failed", HealthStatus.Critical)]
    [InlineData("partiallyFailed", HealthStatus.Unknown)]
    public void A_VPP_sync_status_Graph_does_not_document_is_shown_and_judged_unknown(
        string syncStatus,
        HealthStatus expected
    )
    {
        var health = Rules.Evaluate(Tokens.Vpp(syncStatus: syncStatus), Tokens.Now);

        Assert.Equal(expected, health.Status);
        if (expected == HealthStatus.Unknown)
        {
            Assert.Contains(health.Reasons, r =>
                r.Condition == Condition.UnrecognizedState
                && ConditionWording
                    .Sentence(r, Tokens.Vpp(syncStatus: syncStatus), Tokens.Now)
                    .Contains($"'{syncStatus}'", StringComparison.Ordinal)
            );
        }
    }
}
