using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Health;

/// <summary>
/// A sync still running is not a current sync error: an old code is judged only once the latest start is older than
/// the sync's grace (the longer of 15 minutes and the device count at 1,500 a minute).
/// </summary>
public sealed class SyncInProgressTests
{
    private static readonly HealthRules Rules = new(new HealthThresholds());

    [Fact]
    public void A_sync_that_runs_and_succeeds_never_shows_the_old_code_as_current()
    {
        var started = Now;
        var running = Ade(syncError: 3) with
        {
            LastSyncAt = started.AddHours(-12),
            LastSyncAttemptAt = started,
            SyncedDeviceCount = 400,
        };
        var done = running with { LastSyncAt = started.AddMinutes(12) };

        var seen = new[] { 1, 5, 10, 14 }
            .Select(minutes => Rules.Evaluate(running, started.AddMinutes(minutes)))
            .Append(Rules.Evaluate(done, started.AddMinutes(20)))
            .ToList();

        Assert.All(seen, health => Assert.DoesNotContain(health.Reasons, r => r.Condition == Condition.SyncError));
        Assert.All(seen, health => Assert.Equal(HealthStatus.Ok, health.Status));
    }

    [Theory]
    [InlineData(400, 14, false)] // a small token gets Intune's 15 minutes between syncs
    [InlineData(400, 15, true)]
    [InlineData(60_000, 39, false)] // 60,000 devices at 1,500 a minute: 40 minutes
    [InlineData(60_000, 41, true)]
    public void The_grace_grows_with_the_tokens_devices(int devices, int minutesSinceStart, bool current)
    {
        var token = Ade(syncError: 3) with
        {
            LastSyncAt = Now.AddHours(-12),
            LastSyncAttemptAt = Now,
            SyncedDeviceCount = devices,
        };

        var health = Rules.Evaluate(token, Now.AddMinutes(minutesSinceStart));

        Assert.Equal(current, health.Reasons.Any(r => r.Condition == Condition.SyncError));
    }
}
