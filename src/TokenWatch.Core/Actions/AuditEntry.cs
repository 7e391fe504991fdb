namespace TokenWatch.Core.Actions;

/// <summary>
/// One action on a tenant's alerts: who, when, what, on which token and condition, until when, why, and from which
/// digest's link (null from the command line). Stored with the tenant; shown by <c>history</c> and <c>status</c>.
/// </summary>
public sealed record AuditEntry
{
    public required DateTimeOffset At { get; init; }
    public required AuditedAction Action { get; init; }
    public required string TokenKey { get; init; }

    /// <summary>The acknowledged condition (<c>sync-error</c>); null for a snooze or its end.</summary>
    public string? Condition { get; init; }

    /// <summary>When a snooze ends; for an acknowledgement the latest it can last.</summary>
    public DateTimeOffset? Until { get; init; }

    public required string Reason { get; init; }

    /// <summary>The signed-in user, "the holder of the link from digest X", or the command line's user.</summary>
    public required string By { get; init; }

    public string? DigestId { get; init; }

    /// <summary>A hash of the link used, so it acts once; null from the command line.</summary>
    public string? LinkId { get; init; }

    /// <summary>The incident across tenants whose "acknowledge all" link acted; null for a tenant's own link.</summary>
    public string? IncidentId { get; init; }

    /// <summary>When the link used expires: the record of its use is kept until then.</summary>
    public DateTimeOffset? LinkExpiresAt { get; init; }
}
