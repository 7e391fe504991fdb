namespace TokenWatch.Benchmarks;

/// <summary>One scenario: how many tenants, and how Graph behaves for all of them.</summary>
/// <param name="ChangedShare">The share of tenants whose ADE token starts failing before the measured cycle, so that it
/// decides and sends digests.</param>
internal sealed record BenchmarkSettings(
    int Tenants,
    TimeSpan Latency,
    double ThrottleRate,
    int RetryAfterSeconds,
    int Seed,
    double ChangedShare
);
