namespace TokenWatch.Core.Retention;

/// <summary>
/// What may go for one tenant. Nothing newer than the evaluation's watermark (not yet folded in), no history of a
/// token with an open alert, no digest that is pending or leased or that a channel still owes, and never the ledger,
/// a token or the newest poll.
/// </summary>
/// <param name="HistoryBefore">Token history rows older than this go, except the open alerts' history
/// (<paramref name="OpenSince"/>).</param>
/// <param name="FailedPollsBefore">Poll rows that could not read an endpoint, older than this, go.</param>
/// <param name="SucceededPollsBefore">Poll rows that read every endpoint, older than this, go.</param>
/// <param name="OutboxBefore">Sent, superseded, refused or snoozed digests created before this go.</param>
/// <param name="OpenSince">
/// Per token key (<c>kind:id</c>) with an open alert, when its oldest open alert opened: the token's history since
/// then stays, and the newest row before (the change the alert was opened on, or the state it was judged in).
/// </param>
/// <param name="KeepDigest">The digest the ledger points to as still to send, whatever its row says.</param>
/// <param name="Now">When the clean-up runs: a digest leased beyond it is being sent and stays.</param>
public sealed record RetentionRules(
    DateTimeOffset HistoryBefore,
    DateTimeOffset FailedPollsBefore,
    DateTimeOffset SucceededPollsBefore,
    DateTimeOffset OutboxBefore,
    IReadOnlyDictionary<string, DateTimeOffset> OpenSince,
    string? KeepDigest,
    DateTimeOffset Now
)
{
    /// <summary>
    /// Audit rows (<c>audit|</c>) older than this go; the default keeps them all. A used link's row goes once the link
    /// has expired (<see cref="Now"/>), when it could no longer act anyway.
    /// </summary>
    public DateTimeOffset AuditBefore { get; init; } = DateTimeOffset.MinValue;

    /// <summary>
    /// Per token key, when its running snooze or acknowledgement was set: the audit of that token since then stays,
    /// whatever its age, so a silencing in force never loses its record.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> RunningSilences { get; init; } =
        new Dictionary<string, DateTimeOffset>();
}
