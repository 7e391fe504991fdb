using TokenWatch.Core.Enrollment;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// The evaluation's read as steps: the ledger, the polls since its watermark, the enrollment scans. A store that keeps
/// them in one place reads them at once instead (the Table store does); this is the plain definition of what is read.
/// </summary>
public sealed class StoreEvaluationReader(
    IAlertLedgerStore ledgers,
    IPollHistory polls,
    IEnrollmentStore? enrollment = null
) : IEvaluationReader
{
    public async Task<EvaluationInput> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var loaded = await ledgers.LoadAsync(tenantId, cancellationToken);
        var activity = await polls.LoadSinceAsync(tenantId, loaded.Ledger.Watermark, cancellationToken);
        return new EvaluationInput(loaded, activity)
        {
            Enrollment = enrollment is null ? null : await enrollment.LoadAsync(tenantId, cancellationToken),
        };
    }
}
