namespace TokenWatch.Simulator;

/// <summary>What the simulator has answered so far, for a benchmark to report.</summary>
/// <param name="Requests">Requests to a tenant's endpoint (404s for unknown paths are not counted).</param>
/// <param name="Throttled">Answers with status 429, from a tenant fault or the shared load.</param>
/// <param name="RetryAfterTold">The sum of the <c>Retry-After</c> waits the 429 answers asked for.</param>
public sealed record SimulatedTraffic(long Requests, long Throttled, TimeSpan RetryAfterTold)
{
    public SimulatedTraffic Since(SimulatedTraffic earlier) =>
        new(Requests - earlier.Requests, Throttled - earlier.Throttled, RetryAfterTold - earlier.RetryAfterTold);
}
