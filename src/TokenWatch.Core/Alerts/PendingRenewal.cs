namespace TokenWatch.Core.Alerts;

/// <summary>
/// A renewal seen at <c>SeenAt</c>, and the token's last successful sync before it (for the record).
/// </summary>
public sealed record PendingRenewal(DateTimeOffset SeenAt, DateTimeOffset? SyncBefore);
