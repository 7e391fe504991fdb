using TokenWatch.Core.Health;

namespace TokenWatch.Core.Tokens;

/// <summary>
/// One kind of Apple token as TokenWatch knows it: its names (JSON, table keys, CLI, webhook schema), the names
/// admins also type for it, and its sync thresholds. Its Graph reader is registered per kind in Infrastructure.
/// </summary>
public sealed record TokenKindDescriptor
{
    public required TokenKind Kind { get; init; }

    /// <summary>The lower-case name in JSON, table keys, the CLI and the webhook schema, e.g. <c>ade</c>.</summary>
    public required string Slug { get; init; }

    /// <summary>Other names the CLI accepts, e.g. <c>dep</c>, as admins still call ADE tokens.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>How an admin calls it in the Intune portal, e.g. <c>ADE token</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The plural an admin reads, e.g. <c>ADE tokens</c>.</summary>
    public required string PluralName { get; init; }

    /// <summary>When its last successful sync turns stale; null for a kind that Intune does not sync (APNs).</summary>
    public Func<HealthThresholds, SyncWindow>? Sync { get; init; }
}
