using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Health;

public sealed class HealthRulesTests
{
    private readonly HealthRules _rules = new(new HealthThresholds());

    public static TheoryData<string, TokenObservation, HealthStatus, Condition[]> Cases =>
        new()
        {
            { "healthy ADE", Ade(), HealthStatus.Ok, [] },
            { "ADE 31 days left", Ade(daysLeft: 31), HealthStatus.Ok, [] },
            {
                "ADE exactly 30 days left warns",
                Ade() with
                {
                    ExpiresAt = Now.AddDays(30),
                },
                HealthStatus.Warning,
                [Condition.Expiring]
            },
            {
                "ADE 30 days and a second is not yet inside",
                Ade() with
                {
                    ExpiresAt = Now.AddDays(30).AddSeconds(1),
                },
                HealthStatus.Ok,
                []
            },
            {
                "ADE expiring exactly now is expired",
                Ade() with
                {
                    ExpiresAt = Now,
                },
                HealthStatus.Critical,
                [Condition.Expired]
            },
            {
                "ADE a second before expiry",
                Ade() with
                {
                    ExpiresAt = Now.AddSeconds(1),
                },
                HealthStatus.Warning,
                [Condition.Expiring]
            },
            { "ADE expired", Ade(daysLeft: -3), HealthStatus.Critical, [Condition.Expired] },
            { "ADE sync error 3", Ade(syncError: 3), HealthStatus.Critical, [Condition.SyncError] },
            { "ADE negative sync error", Ade(syncError: -1), HealthStatus.Critical, [Condition.SyncError] },
            { "ADE synced exactly 24 h ago", Ade(syncedHoursAgo: 24), HealthStatus.Ok, [] },
            { "ADE synced 25 h ago", Ade(syncedHoursAgo: 25), HealthStatus.Warning, [Condition.SyncStale] },
            { "ADE synced exactly 72 h ago", Ade(syncedHoursAgo: 72), HealthStatus.Critical, [Condition.SyncStale] },
            { "ADE never synced", Ade() with { LastSyncAt = null }, HealthStatus.Unknown, [Condition.NeverSynced] },
            { "ADE without expiry", Ade() with { ExpiresAt = null }, HealthStatus.Unknown, [Condition.MissingExpiry] },
            {
                "ADE with an unreadable field",
                Ade() with
                {
                    Problems = ["tokenExpirationDateTime is not a date: 'soon'"],
                },
                HealthStatus.Unknown,
                [Condition.Unparseable]
            },
            {
                "ADE expired beats unknown",
                Ade(daysLeft: -1) with
                {
                    LastSyncAt = null,
                },
                HealthStatus.Critical,
                [Condition.Expired, Condition.NeverSynced]
            },
            { "healthy VPP", Vpp(), HealthStatus.Ok, [] },
            { "VPP invalid", Vpp(state: "invalid"), HealthStatus.Critical, [Condition.InvalidState] },
            {
                "VPP assigned to another MDM",
                Vpp(state: "assignedToExternalMDM"),
                HealthStatus.Critical,
                [Condition.InvalidState]
            },
            {
                "VPP duplicate location",
                Vpp(state: "duplicateLocationId"),
                HealthStatus.Critical,
                [Condition.InvalidState]
            },
            { "VPP state expired", Vpp(state: "expired"), HealthStatus.Critical, [Condition.Expired] },
            { "VPP sync failed", Vpp(syncStatus: "failed"), HealthStatus.Critical, [Condition.SyncFailed] },
            {
                "VPP state Graph added later",
                Vpp(state: "suspendedByApple"),
                HealthStatus.Unknown,
                [Condition.UnrecognizedState]
            },
            { "VPP state 'unknown'", Vpp(state: "unknown"), HealthStatus.Unknown, [Condition.UnrecognizedState] },
            { "VPP without state", Vpp() with { State = null }, HealthStatus.Unknown, [Condition.UnrecognizedState] },
            { "VPP 10 days left", Vpp(daysLeft: 10), HealthStatus.Warning, [Condition.Expiring] },
            { "healthy APNs", Apns(), HealthStatus.Ok, [] },
            { "APNs 1 day left", Apns(daysLeft: 1), HealthStatus.Warning, [Condition.Expiring] },
            { "APNs expired", Apns(daysLeft: -400), HealthStatus.Critical, [Condition.Expired] },
            {
                "APNs upload failed",
                Apns(failure: "certificate mismatch"),
                HealthStatus.Critical,
                [Condition.UploadFailed]
            },
            {
                "APNs not configured",
                new TokenObservation
                {
                    TenantId = "t1",
                    Kind = TokenKind.Apns,
                    Id = "apns",
                    NotConfigured = true,
                },
                HealthStatus.Ok,
                [Condition.NotConfigured]
            },
            {
                "ADE error code left over from an older sync",
                Ade(syncError: 3) with
                {
                    LastSyncAt = Now.AddHours(-1),
                    LastSyncAttemptAt = Now.AddHours(-2),
                },
                HealthStatus.Ok,
                []
            },
            {
                "ADE error code of the latest sync, started longer ago than its grace",
                Ade(syncError: 3) with
                {
                    LastSyncAt = Now.AddHours(-13),
                    LastSyncAttemptAt = Now.AddHours(-1),
                },
                HealthStatus.Critical,
                [Condition.SyncError]
            },
            {
                "ADE error code without the trigger date is current",
                Ade(syncError: 3) with
                {
                    LastSyncAttemptAt = null,
                },
                HealthStatus.Critical,
                [Condition.SyncError]
            },
            {
                "VPP synced 30 h ago: a daily sync, not stale",
                Vpp() with
                {
                    LastSyncAt = Now.AddHours(-30),
                },
                HealthStatus.Ok,
                []
            },
            {
                "VPP synced 49 h ago: one missed daily sync",
                Vpp() with
                {
                    LastSyncAt = Now.AddHours(-49),
                },
                HealthStatus.Warning,
                [Condition.SyncStale]
            },
            {
                "VPP synced 3 days ago is critical",
                Vpp() with
                {
                    LastSyncAt = Now.AddHours(-72),
                },
                HealthStatus.Critical,
                [Condition.SyncStale]
            },
            {
                "APNs upload failed without a reason",
                Apns() with
                {
                    State = "failed",
                },
                HealthStatus.Critical,
                [Condition.UploadFailed]
            },
            {
                "APNs upload succeeded, reason left over",
                Apns() with
                {
                    State = "success",
                    FailureReason = "old mismatch",
                },
                HealthStatus.Ok,
                []
            },
            {
                "APNs upload status TokenWatch does not know",
                Apns() with
                {
                    State = "pendingReview",
                },
                HealthStatus.Unknown,
                [Condition.UnrecognizedState]
            },
            {
                "APNs without an upload status, as healthy certificates answer: a leftover reason is no failure",
                Apns() with
                {
                    State = null,
                    FailureReason = "mismatch",
                },
                HealthStatus.Ok,
                []
            },
            {
                "VPP state unknown is Intune's own value, still not judged healthy",
                Vpp(state: "unknown"),
                HealthStatus.Unknown,
                [Condition.UnrecognizedState]
            },
            {
                "push certificate owned by a personal Apple ID warns",
                Apns() with
                {
                    AppleId = "jane.doe@icloud.com",
                },
                HealthStatus.Warning,
                [Condition.PersonalAppleId]
            },
            {
                "a personal Apple ID typed on an ADE token is a fact, not a renewal risk",
                Ade() with
                {
                    AppleId = "jane.doe@icloud.com",
                },
                HealthStatus.Ok,
                [Condition.PersonalAppleId]
            },
            {
                "a personal Apple ID typed on a VPP token is a fact, not a renewal risk",
                Vpp() with
                {
                    AppleId = "jane.doe@icloud.com",
                },
                HealthStatus.Ok,
                [Condition.PersonalAppleId]
            },
            {
                "personal domains match whole domains only",
                Ade() with
                {
                    AppleId = "abm@notme.com",
                },
                HealthStatus.Ok,
                []
            },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judges_each_kind_by_its_rules(
        string because,
        TokenObservation token,
        HealthStatus expected,
        Condition[] reasons
    )
    {
        var health = _rules.Evaluate(token, Now);

        Assert.True(expected == health.Status, $"{because}: expected {expected}, got {health.Status}");
        Assert.Equal(reasons, health.Reasons.Select(r => r.Condition).ToArray());
    }

    [Fact]
    public void Days_left_are_whole_days_rounded_down()
    {
        Assert.Equal(
            29,
            _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(30).AddSeconds(-1) }, Now).DaysUntilExpiry
        );
        Assert.Equal(30, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(30) }, Now).DaysUntilExpiry);
        Assert.Equal(-1, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddSeconds(-1) }, Now).DaysUntilExpiry);
        Assert.Equal(
            -2,
            _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(-2).AddMinutes(-1) }, Now).DaysUntilExpiry
        );
        Assert.Equal(-2, _rules.Evaluate(Ade() with { ExpiresAt = Now.AddDays(-2) }, Now).DaysUntilExpiry);
        Assert.Equal("expired 2 days ago", Words.DaysLeft(HealthRules.DaysUntil(Now.AddDays(-2).AddMinutes(-1), Now)));
        Assert.Null(_rules.Evaluate(Ade() with { ExpiresAt = null }, Now).DaysUntilExpiry);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var rules = new HealthRules(
            new HealthThresholds
            {
                ExpiryWarningDays = 60,
                AdeSyncWarningHours = 48,
                AdeSyncCriticalHours = 96,
            }
        );

        Assert.Equal(HealthStatus.Warning, rules.Evaluate(Ade(daysLeft: 45), Now).Status);
        Assert.Equal(HealthStatus.Ok, rules.Evaluate(Ade(syncedHoursAgo: 30), Now).Status);
        Assert.Equal(HealthStatus.Warning, rules.Evaluate(Ade(syncedHoursAgo: 80), Now).Status);
    }

    [Fact]
    public void Roll_up_puts_critical_over_unknown_over_warning_over_ok()
    {
        Assert.Equal(
            HealthStatus.Critical,
            new[] { HealthStatus.Unknown, HealthStatus.Critical, HealthStatus.Warning }.Worst()
        );
        Assert.Equal(
            HealthStatus.Unknown,
            new[] { HealthStatus.Warning, HealthStatus.Unknown, HealthStatus.Ok }.Worst()
        );
        Assert.Equal(HealthStatus.Warning, new[] { HealthStatus.Ok, HealthStatus.Warning }.Worst());
        Assert.Equal(HealthStatus.Ok, Array.Empty<HealthStatus>().Worst());
    }

    [Fact]
    public void No_push_certificate_is_critical_only_where_the_tenant_has_Apple_tokens_to_manage()
    {
        var none = new TokenObservation
        {
            TenantId = "t1",
            Kind = TokenKind.Apns,
            Id = "apns",
            NotConfigured = true,
        };

        var alone = _rules.Evaluate(none, Now, [none]);
        var withAde = _rules.Evaluate(none, Now, [none, Ade()]);

        Assert.Equal(HealthStatus.Ok, alone.Status);
        Assert.Equal(HealthStatus.Critical, withAde.Status);
        Assert.Equal([Condition.NotConfigured], withAde.Reasons.Select(r => r.Condition));
    }

    [Fact]
    public void One_Apple_ID_owning_every_token_is_told_once_on_the_push_certificate()
    {
        var owner = "it@contoso.com";
        TokenObservation[] tenant =
        [
            Ade() with
            {
                AppleId = owner,
            },
            Vpp() with
            {
                AppleId = owner,
            },
            Apns() with
            {
                AppleId = " IT@contoso.com ",
            },
        ];

        var flagged = tenant.Where(t => _rules.Evaluate(t, Now, tenant).Has(Condition.SingleOwner)).ToList();
        TokenObservation[] shared = [Ade() with { AppleId = owner }, Vpp() with { AppleId = "apps@contoso.com" }];

        Assert.Equal([TokenKind.Apns], flagged.Select(t => t.Kind));
        Assert.DoesNotContain(shared, t => _rules.Evaluate(t, Now, shared).Has(Condition.SingleOwner));
    }

    [Fact]
    public void ADE_and_VPP_tokens_sharing_one_Apple_ID_without_a_push_certificate_are_no_renewal_risk()
    {
        // On ADE and VPP tokens the Apple ID is a reminder typed at upload: the same one on each is not a risk.
        var owner = "it@contoso.com";
        TokenObservation[] tenant =
        [
            Ade() with
            {
                AppleId = owner,
            },
            Ade() with
            {
                Id = "ade-2",
                AppleId = owner,
            },
            Vpp() with
            {
                AppleId = owner,
            },
        ];

        Assert.DoesNotContain(tenant, t => _rules.Evaluate(t, Now, tenant).Has(Condition.SingleOwner));
    }

    [Fact]
    public void Staleness_thresholds_are_per_kind_and_a_daily_VPP_sync_never_flaps()
    {
        // A healthy tenant: ADE syncs every 12 h, VPP once a day; hour by hour over two weeks nothing turns stale.
        for (var hour = 0; hour < 24 * 14; hour++)
        {
            var now = Now.AddHours(hour);
            var ade = Ade() with { LastSyncAt = now.AddHours(-(hour % 12)) };
            var vpp = Vpp() with { LastSyncAt = now.AddHours(-(hour % 24)) };
            Assert.False(_rules.Evaluate(ade, now).Has(Condition.SyncStale), $"ADE stale at hour {hour}");
            Assert.False(_rules.Evaluate(vpp, now).Has(Condition.SyncStale), $"VPP stale at hour {hour}");
        }
    }
}
