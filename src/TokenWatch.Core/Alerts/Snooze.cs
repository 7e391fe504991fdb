namespace TokenWatch.Core.Alerts;

/// <summary>Keeps a token's events from being sent until <see cref="Until"/>, or until the token changes.</summary>
public sealed record Snooze(DateTimeOffset Until, string Reason, DateTimeOffset SetAt)
{
    /// <summary>Who silenced it, as the audit says; null for a snooze stored before actions were audited.</summary>
    public string? By { get; init; }

    /// <summary>
    /// Set for an acknowledgement of this condition (<c>sync-error</c>): no reminders until the condition changes
    /// or recovers, and its recovery is still sent. Null for a snooze.
    /// </summary>
    public string? Acknowledged { get; init; }
}
