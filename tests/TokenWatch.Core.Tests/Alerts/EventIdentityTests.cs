using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>One identity of an event for digest ids, the webhook's alert key and the "told once" checks.</summary>
public sealed class EventIdentityTests
{
    private static AlertEvent SyncError(AlertEventKind kind, DateTimeOffset at) =>
        new()
        {
            Kind = kind,
            Severity = HealthStatus.Critical,
            At = at,
            Condition = Condition.SyncError,
            Token = Ade(syncError: 3),
        };

    private static readonly AlertEvent VppUnreadable = new()
    {
        Kind = AlertEventKind.MonitoringFailed,
        Severity = HealthStatus.Critical,
        At = Now,
        Failure = new PollFailure(TokenKind.Vpp, FailureCodes.PermissionMissing, "403", FailureFix.GrantPermission),
        Endpoints = [TokenKind.Vpp],
    };

    [Fact]
    public void A_reminder_a_day_later_is_another_event_of_the_same_alert_telling_the_same()
    {
        var entered = SyncError(AlertEventKind.Entered, Now);
        var reminder = SyncError(AlertEventKind.Reminder, Now.AddDays(1));
        var again = SyncError(AlertEventKind.Reminder, Now.AddDays(2));

        Assert.NotEqual(EventIdentity.Of(reminder), EventIdentity.Of(again));
        Assert.Equal(EventIdentity.Content(reminder), EventIdentity.Content(again));
        Assert.Equal("ade:ade-1|sync-error", EventIdentity.AlertKey(entered));
        Assert.Equal(EventIdentity.AlertKey(entered), EventIdentity.AlertKey(reminder));
        Assert.NotEqual(EventIdentity.Of("t1", entered), EventIdentity.Of("t2", entered));
    }

    [Fact]
    public void A_tenants_monitoring_alert_is_keyed_by_its_endpoint_and_told_apart_by_its_cause()
    {
        var throttled = VppUnreadable with { Failure = VppUnreadable.Failure! with { Code = FailureCodes.Throttled } };

        Assert.Equal("monitoring|vpp|monitoring-failed", EventIdentity.AlertKey(VppUnreadable));
        Assert.NotEqual(EventIdentity.Of(VppUnreadable), EventIdentity.Of(throttled));
    }

    [Fact]
    public void A_digest_fingerprint_depends_on_the_tenant_and_what_its_events_tell_not_when()
    {
        AlertEvent[] events = [SyncError(AlertEventKind.Reminder, Now), VppUnreadable];
        AlertEvent[] later =
        [
            SyncError(AlertEventKind.Reminder, Now.AddDays(1)),
            VppUnreadable with
            {
                At = Now.AddDays(1),
            },
        ];

        Assert.Matches("^[0-9a-f]{12}$", EventIdentity.OfDigest("t1", events));
        Assert.Equal(EventIdentity.OfDigest("t1", events), EventIdentity.OfDigest("t1", later));
        Assert.NotEqual(EventIdentity.OfDigest("t1", events), EventIdentity.OfDigest("t2", events));
        Assert.NotEqual(EventIdentity.OfDigest("t1", events), EventIdentity.OfDigest("t1", events[..1]));
    }
}
