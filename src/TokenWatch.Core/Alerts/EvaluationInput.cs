namespace TokenWatch.Core.Alerts;

/// <summary>A tenant's stored ledger and the polls since its watermark, read together.</summary>
public sealed record EvaluationInput(StoredLedger Ledger, PollActivity Activity);
