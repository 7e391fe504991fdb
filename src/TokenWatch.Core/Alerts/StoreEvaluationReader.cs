namespace TokenWatch.Core.Alerts;

/// <summary>
/// The evaluation's read as two steps: the ledger, then the polls since its watermark. A store that keeps both in
/// one place reads them at once instead (the Table store does); this is the plain definition of what is read.
/// </summary>
public sealed class StoreEvaluationReader(IAlertLedgerStore ledgers, IPollHistory polls) : IEvaluationReader
{
    public async Task<EvaluationInput> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var loaded = await ledgers.LoadAsync(tenantId, cancellationToken);
        var activity = await polls.LoadSinceAsync(tenantId, loaded.Ledger.Watermark, cancellationToken);
        return new EvaluationInput(loaded, activity);
    }
}
