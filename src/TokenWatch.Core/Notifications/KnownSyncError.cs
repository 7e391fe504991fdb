namespace TokenWatch.Core.Notifications;

/// <summary>One row of Microsoft's ADE sync error table: the message Intune shows, its cause, and the fix.</summary>
public sealed record KnownSyncError(string PortalMessage, string Cause, string Fix);
