namespace TokenWatch.Simulator;

/// <summary>
/// Conditions every tenant of the simulator shares, as a busy Graph would impose them: each request waits
/// <see cref="Latency"/> (on the simulator's clock) before it is answered, and a random fraction
/// <see cref="ThrottleRate"/> of the requests no tenant fault answers get a 429 with <see cref="RetryAfter"/>.
/// The draw is seeded, so two runs with the same seed throttle the same share of requests (which requests depends
/// on the order they arrive in).
/// </summary>
public sealed record SimulatedLoad
{
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>From 0 (never) to 1 (always).</summary>
    public double ThrottleRate { get; init; }

    /// <summary>The <c>Retry-After</c> header of a throttled answer, in seconds; null sends none.</summary>
    public int? RetryAfterSeconds { get; init; } = 1;

    public int Seed { get; init; } = 1;
}
