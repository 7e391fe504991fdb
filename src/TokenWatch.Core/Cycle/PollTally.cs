namespace TokenWatch.Core.Cycle;

/// <summary>A poll's counts, added to from several workers at once.</summary>
internal sealed class PollTally
{
    private int _unread;
    private int _unstored;
    private int _tokens;

    public int Unread => Volatile.Read(ref _unread);
    public int Unstored => Volatile.Read(ref _unstored);
    public int Tokens => Volatile.Read(ref _tokens);

    public void Add(TenantPolled polled)
    {
        Interlocked.Add(ref _tokens, polled.Reading.Tokens.Count);
        if (polled.Reading.Failures.Count > 0)
        {
            Interlocked.Increment(ref _unread);
        }

        if (!polled.Stored)
        {
            Interlocked.Increment(ref _unstored);
        }
    }
}
