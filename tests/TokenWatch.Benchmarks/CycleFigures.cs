using TokenWatch.Simulator;

namespace TokenWatch.Benchmarks;

/// <summary>What one measured cycle (poll, then evaluate) of one run did and took.</summary>
internal sealed record CycleFigures
{
    public required int Parallelism { get; init; }
    public required int Tenants { get; init; }
    public required int Tokens { get; init; }
    public required int UnreadTenants { get; init; }
    public required int UnstoredTenants { get; init; }
    public required int EvaluationErrors { get; init; }
    public required int Digests { get; init; }
    public required SimulatedTraffic Graph { get; init; }
    public required TimeSpan Latency { get; init; }
    public required TimeSpan PollWall { get; init; }
    public required TimeSpan EvaluateWall { get; init; }
    public required TableRequests PollTable { get; init; }
    public required TableRequests EvaluateTable { get; init; }
    public required long PeakWorkingSetBytes { get; init; }
    public required CpuTime PollCpu { get; init; }
    public required CpuTime EvaluateCpu { get; init; }
    public required TimeSpan FirstCycleWall { get; init; }
    public required string LoadBefore { get; init; }
    public required string LoadAfter { get; init; }

    /// <summary>Rows TokenWatch logged at Information or above during the measured cycle.</summary>
    public required long MeasuredLogRows { get; init; }

    /// <summary>The cycle after the measured one, with nothing changed in between.</summary>
    public required TableRequests QuietPollTable { get; init; }
    public required TableRequests QuietEvaluateTable { get; init; }
    public required CpuTime QuietCpu { get; init; }
    public required long QuietLogRows { get; init; }

    public double QuietRoundTripsPerTenant => (double)(QuietPollTable.Total + QuietEvaluateTable.Total) / Tenants;

    public TimeSpan CycleWall => PollWall + EvaluateWall;

    /// <summary>
    /// Every Graph request (429s and retries included) waits the latency; at best <see cref="Parallelism"/> tenants
    /// wait at once.
    /// </summary>
    public TimeSpan IdealBound => Latency * Graph.Requests / Parallelism;

    /// <summary>
    /// What the issue allows: 1.3 × the ideal bound plus the waits the throttled requests were told to take.
    /// </summary>
    public TimeSpan Target => IdealBound * 1.3 + Graph.RetryAfterTold;
}
