using TokenWatch.Core.Cycle;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>An evaluation's per-tenant results, for tests that look at what it decided for each tenant.</summary>
internal static class EvaluationResults
{
    public static async Task<IReadOnlyList<TenantEvaluation>> EvaluateEachAsync(this EvaluationService evaluation, CancellationToken cancellationToken)
    {
        var results = new List<TenantEvaluation>();
        await evaluation.RunAsync(r => { lock (results) { results.Add(r); } }, cancellationToken);
        return results;
    }
}
