namespace TokenWatch.Core.Alerts;

/// <summary>The outcome of one evaluation of one tenant: what to send, and the ledger once it is sent.</summary>
public sealed record AlertDecision(
    IReadOnlyList<AlertEvent> Events,
    IReadOnlyList<LedgerEntry> Upserts,
    IReadOnlyList<string> RemovedAlertKeys)
{
    public bool ChangesLedger => Upserts.Count > 0 || RemovedAlertKeys.Count > 0;
}
