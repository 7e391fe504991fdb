namespace TokenWatch.Core.Alerts;

/// <summary>
/// The outcome of one evaluation of one tenant: the events to send, the events of snoozed tokens (recorded, not
/// sent), and the ledger that holds both as told.
/// </summary>
public sealed record AlertDecision(
    IReadOnlyList<AlertEvent> Events,
    IReadOnlyList<AlertEvent> Snoozed,
    AlertLedger Ledger
);
