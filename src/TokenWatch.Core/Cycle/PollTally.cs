namespace TokenWatch.Core.Cycle;

/// <summary>A poll's counts, added to from several workers at once.</summary>
internal sealed class PollTally
{
    private int _unread;
    private int _unreadPaused;
    private int _unstored;
    private int _tokens;
    private int _failed;

    public int Unread => Volatile.Read(ref _unread);

    /// <summary>Of <see cref="Unread"/>, the tenants that are paused.</summary>
    public int UnreadPaused => Volatile.Read(ref _unreadPaused);

    public int Unstored => Volatile.Read(ref _unstored);
    public int Tokens => Volatile.Read(ref _tokens);

    /// <summary>Tenants of which nothing useful came of the poll (<see cref="TenantPolled.Failed"/>).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public void Add(TenantPolled polled)
    {
        Interlocked.Add(ref _tokens, polled.Reading.Tokens.Count);
        if (polled.Failed)
        {
            Interlocked.Increment(ref _failed);
        }

        if (polled.Reading.Failures.Count > 0)
        {
            Interlocked.Increment(ref _unread);
            if (polled.Paused)
            {
                Interlocked.Increment(ref _unreadPaused);
            }
        }

        if (!polled.Stored)
        {
            Interlocked.Increment(ref _unstored);
        }
    }
}
