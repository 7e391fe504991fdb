namespace TokenWatch.Core.Alerts;

/// <summary>The outbox for people: every digest composed for a tenant and what became of it.</summary>
public interface IOutboxHistory
{
    /// <summary>The outbox since <paramref name="from"/>, oldest first: sent, pending, failed or snoozed.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(
        string tenantId,
        DateTimeOffset from,
        CancellationToken cancellationToken
    );
}
