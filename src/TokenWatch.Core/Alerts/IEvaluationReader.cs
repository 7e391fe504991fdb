namespace TokenWatch.Core.Alerts;

/// <summary>
/// What an evaluation reads of one tenant before it decides: the ledger and the polls since its watermark.
/// </summary>
public interface IEvaluationReader
{
    /// <summary>The tenant's ledger as stored and the polls it has not folded in yet.</summary>
    Task<EvaluationInput> ReadAsync(string tenantId, CancellationToken cancellationToken);
}
