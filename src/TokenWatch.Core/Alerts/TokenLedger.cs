using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>What the ledger knows of one token.</summary>
public sealed record TokenLedger
{
    /// <summary>The token as of the newest poll folded in.</summary>
    public required TokenObservation Observation { get; init; }

    /// <summary>Open conditions by reason code (<c>sync-error</c>), ordinal order.</summary>
    public IReadOnlyDictionary<string, OpenAlert> Alerts { get; init; } =
        new SortedDictionary<string, OpenAlert>(StringComparer.Ordinal);

    /// <summary>The lowest expiry milestone (days) told for the token's current expiry date; null: none yet.</summary>
    public int? LastMilestone { get; init; }

    /// <summary>A renewal of an ADE or VPP token waiting for its first successful sync; null: none.</summary>
    public PendingRenewal? Renewal { get; init; }
}
