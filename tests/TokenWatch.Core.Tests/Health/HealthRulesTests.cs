using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Health;

public sealed class HealthRulesTests
{
    private readonly HealthRules _rules = new(new HealthThresholds());

    public static TheoryData<string, TokenObservation, HealthStatus, Condition[]> Cases => new()
    {
        { "healthy ADE", Ade(), HealthStatus.Ok, [] },
        { "ADE 31 days left", Ade(daysLeft: 31), HealthStatus.Ok, [] },
        { "ADE exactly 30 days left warns", Ade() with { ExpiresAt = Now.AddDays(30) }, HealthStatus.Warning, [Condition.Expiring] },
        { "ADE 30 days and a second is not yet inside", Ade() with { ExpiresAt = Now.AddDays(30).AddSeconds(1) }, HealthStatus.Ok, [] },
        { "ADE expiring exactly now is expired", Ade() with { ExpiresAt = Now }, HealthStatus.Critical, [Condition.Expired] },
        { "ADE a second before expiry", Ade() with { ExpiresAt = Now.AddSeconds(1) }, HealthStatus.Warning, [Condition.Expiring] },
        { "ADE expired", Ade(daysLeft: -3), HealthStatus.Critical, [Condition.Expired] },
        { "ADE sync error 3", Ade(syncError: 3), HealthStatus.Critical, [Condition.SyncError] },
        { "ADE negative sync error", Ade(syncError: -1), HealthStatus.Critical, [Condition.SyncError] },
        { "ADE synced exactly 24 h ago", Ade(syncedHoursAgo: 24), HealthStatus.Ok, [] },
        { "ADE synced 25 h ago", Ade(syncedHoursAgo: 25), HealthStatus.Warning, [Condition.SyncStale] },
        { "ADE synced exactly 72 h ago", Ade(syncedHoursAgo: 72), HealthStatus.Critical, [Condition.SyncStale] },
        { "ADE never synced", Ade() with { LastSyncAt = null }, HealthStatus.Unknown, [Condition.NeverSynced] },
        { "ADE without expiry", Ade() with { ExpiresAt = null }, HealthStatus.Unknown, [Condition.MissingExpiry] },
        { "ADE with an unreadable field", Ade() with { Problems = ["tokenExpirationDateTime is not a date: 'soon'"] }, HealthStatus.Unknown, [Condition.Unparseable] },
        { "ADE expired beats unknown", Ade(daysLeft: -1) with { LastSyncAt = null }, HealthStatus.Critical, [Condition.Expired, Condition.NeverSynced] },
        { "healthy VPP", Vpp(), HealthStatus.Ok, [] },
        { "VPP invalid", Vpp(state: "invalid"), HealthStatus.Critical, [Condition.InvalidState] },
        { "VPP assigned to another MDM", Vpp(state: "assignedToExternalMDM"), HealthStatus.Critical, [Condition.InvalidState] },
        { "VPP duplicate location", Vpp(state: "duplicateLocationId"), HealthStatus.Critical, [Condition.InvalidState] },
        { "VPP state expired", Vpp(state: "expired"), HealthStatus.Critical, [Condition.Expired] },
        { "VPP sync failed", Vpp(syncStatus: "failed"), HealthStatus.Critical, [Condition.SyncFailed] },
        { "VPP state Graph added later", Vpp(state: "suspendedByApple"), HealthStatus.Unknown, [Condition.UnrecognizedState] },
        { "VPP state 'unknown'", Vpp(state: "unknown"), HealthStatus.Unknown, [Condition.UnrecognizedState] },
        { "VPP without state", Vpp() with { State = null }, HealthStatus.Unknown, [Condition.UnrecognizedState] },
        { "VPP 10 days left", Vpp(daysLeft: 10), HealthStatus.Warning, [Condition.Expiring] },
        { "healthy APNs", Apns(), HealthStatus.Ok, [] },
        { "APNs 1 day left", Apns(daysLeft: 1), HealthStatus.Warning, [Condition.Expiring] },
        { "APNs expired", Apns(daysLeft: -400), HealthStatus.Critical, [Condition.Expired] },
        { "APNs upload failed", Apns(failure: "certificate mismatch"), HealthStatus.Critical, [Condition.UploadFailed] },
        { "APNs not configured", new TokenObservation { TenantId = "t1", Kind = TokenKind.Apns, Id = "apns", NotConfigured = true }, HealthStatus.Ok, [Condition.NotConfigured] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judges_each_kind_by_its_rules(string because, TokenObservation token, HealthStatus expected, Condition[] reasons)
    {
        var health = _rules.Evaluate(token, Now);

        Assert.True(expected == health.Status, $"{because}: expected {expected}, got {health.Status}");
        Assert.Equal(reasons, health.Reasons.Select(r => r.Condition).ToArray());
    }

    [Fact]
    public void Days_left_are_whole_days_rounded_down()
    {
        Assert.Equal(29, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(30).AddSeconds(-1) }, Now).DaysUntilExpiry);
        Assert.Equal(30, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(30) }, Now).DaysUntilExpiry);
        Assert.Equal(-1, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddSeconds(-1) }, Now).DaysUntilExpiry);
        Assert.Null(_rules.Evaluate(Ade() with { ExpiresAt = null }, Now).DaysUntilExpiry);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var rules = new HealthRules(new HealthThresholds { ExpiryWarningDays = 60, SyncWarningHours = 48, SyncCriticalHours = 96 });

        Assert.Equal(HealthStatus.Warning, rules.Evaluate(Ade(daysLeft: 45), Now).Status);
        Assert.Equal(HealthStatus.Ok, rules.Evaluate(Ade(syncedHoursAgo: 30), Now).Status);
        Assert.Equal(HealthStatus.Warning, rules.Evaluate(Ade(syncedHoursAgo: 80), Now).Status);
    }

    [Fact]
    public void Roll_up_puts_critical_over_unknown_over_warning_over_ok()
    {
        Assert.Equal(HealthStatus.Critical, new[] { HealthStatus.Unknown, HealthStatus.Critical, HealthStatus.Warning }.Worst());
        Assert.Equal(HealthStatus.Unknown, new[] { HealthStatus.Warning, HealthStatus.Unknown, HealthStatus.Ok }.Worst());
        Assert.Equal(HealthStatus.Warning, new[] { HealthStatus.Ok, HealthStatus.Warning }.Worst());
        Assert.Equal(HealthStatus.Ok, Array.Empty<HealthStatus>().Worst());
    }
}
