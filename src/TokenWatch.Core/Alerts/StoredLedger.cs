namespace TokenWatch.Core.Alerts;

/// <summary>A ledger as loaded, with the opaque version its replacement must match (null: not stored yet).</summary>
public sealed record StoredLedger(string TenantId, AlertLedger Ledger, string? Version, OutboxEntry? Pending);
