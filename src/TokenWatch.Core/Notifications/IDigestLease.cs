namespace TokenWatch.Core.Notifications;

/// <summary>
/// The evaluation's hold on the digest a channel is sending: while it runs, no other evaluation sends the digest.
/// </summary>
public interface IDigestLease
{
    /// <summary>
    /// Extends the hold before a further part of the digest is sent, so the lease only has to outlast one send.
    /// Throws <see cref="Cycle.LeaseLostException"/> when another evaluation took the digest over meanwhile.
    /// </summary>
    Task RenewAsync(CancellationToken cancellationToken);
}
