namespace TokenWatch.Core.Cycle;

/// <summary>What one poll did, in counts: the same size for ten tenants or ten thousand.</summary>
/// <param name="UnreadTenants">Tenants with at least one endpoint that could not be read.</param>
/// <param name="UnstoredTenants">Tenants whose reading could not be stored (their last stored state stands).</param>
/// <param name="Tokens">Tokens read, over all tenants.</param>
public sealed record PollSummary(int Tenants, int UnreadTenants, int UnstoredTenants, int Tokens, TimeSpan Duration)
{
    /// <summary>Tenants not started before the time budget ran out: the next poll reads them first.</summary>
    public int NotReached { get; init; }

    /// <summary>Tenants Graph throttled past the retry wait, read again at the end of the poll.</summary>
    public int Deferred { get; init; }

    /// <summary>
    /// Of <see cref="UnreadTenants"/>, those paused: a customer discovered before its admin consented is paused
    /// until it does, and cannot be read until then.
    /// </summary>
    public int UnreadPaused { get; init; }
}
