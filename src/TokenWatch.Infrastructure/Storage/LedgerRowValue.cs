using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>What a ledger row holds: the ledger, its serialized form when written, the digest still to send.</summary>
internal sealed record LedgerRowValue(AlertLedger Ledger, byte[]? Json, string? PendingDigest);
