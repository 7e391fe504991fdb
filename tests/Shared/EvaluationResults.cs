using TokenWatch.Core.Cycle;
using TokenWatch.Core.Polling;

namespace TokenWatch.Testing;

/// <summary>An evaluation's per-tenant results, for tests that look at what it decided for each tenant.</summary>
internal static class EvaluationResults
{
    public static async Task<IReadOnlyList<TenantEvaluation>> EvaluateEachAsync(
        this EvaluationService evaluation,
        CancellationToken cancellationToken
    )
    {
        var results = new List<TenantEvaluation>();
        await evaluation.RunAsync(
            r =>
            {
                lock (results)
                {
                    results.Add(r);
                }
            },
            cancellationToken
        );
        return results;
    }

    /// <summary>A poll's per-tenant readings, for tests that look at what it read for each tenant.</summary>
    public static async Task<IReadOnlyList<TenantReading>> PollEachAsync(
        this PollService poll,
        CancellationToken cancellationToken
    )
    {
        var readings = new List<TenantReading>();
        await poll.RunAsync(
            r =>
            {
                lock (readings)
                {
                    readings.Add(r.Reading);
                }
            },
            cancellationToken
        );
        return readings;
    }
}
