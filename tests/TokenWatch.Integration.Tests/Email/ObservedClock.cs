using Microsoft.Extensions.Time.Testing;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// A fake clock that tells when code starts waiting on it: the test advances time only once the wait exists, so
/// a test of "wait Retry-After, then retry" never depends on how fast the machine is.
/// </summary>
internal sealed class ObservedClock(DateTimeOffset start) : TimeProvider
{
    private readonly TaskCompletionSource<TimeSpan> _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeTimeProvider Fake { get; } = new(start);

    /// <summary>Completes with the due time of the first timer created on this clock.</summary>
    public Task<TimeSpan> FirstWait => _waiting.Task;

    public bool Waited => _waiting.Task.IsCompleted;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _waiting.TrySetResult(dueTime);
        return timer;
    }
}
