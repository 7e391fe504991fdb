namespace TokenWatch.Integration.Tests.Support;

/// <summary>
/// TokenWatch's own clock, off from the true time (the fake clock the simulator and the tests keep) by
/// <see cref="Offset"/>, which a test moves back and forth: a host whose clock was set wrong and then corrected.
/// Timers and timestamps stay on the true clock, so timeouts still fire when the test says.
/// </summary>
public sealed class SkewedClock(TimeProvider truth) : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => truth.GetUtcNow() + Offset;

    public override long GetTimestamp() => truth.GetTimestamp();

    public override long TimestampFrequency => truth.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => truth.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        truth.CreateTimer(callback, state, dueTime, period);
}
