namespace TokenWatch.Core.Alerts;

/// <summary>The durable record of what admins were told, per tenant.</summary>
public interface IAlertLedgerStore
{
    Task<IReadOnlyList<LedgerEntry>> LoadAsync(string tenantId, CancellationToken cancellationToken);

    Task ApplyAsync(string tenantId, AlertDecision decision, CancellationToken cancellationToken);
}
