namespace TokenWatch.Core.Health;

/// <summary>One machine-readable reason behind a token's status, with a sentence for people.</summary>
public sealed record HealthReason(string Code, HealthStatus Status, string Message);

/// <summary>The stable reason codes (they appear in JSON, alert keys and emails).</summary>
public static class ReasonCodes
{
    public const string Expired = "expired";
    public const string Expiring = "expiring";
    public const string SyncError = "sync-error";
    public const string SyncStale = "sync-stale";
    public const string NeverSynced = "never-synced";
    public const string InvalidState = "invalid-state";
    public const string SyncFailed = "sync-failed";
    public const string UploadFailed = "upload-failed";
    public const string UnrecognizedState = "unrecognized-state";
    public const string NotConfigured = "not-configured";
    public const string MissingExpiry = "missing-expiry";
    public const string Unparseable = "unparseable";
}
