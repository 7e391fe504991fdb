namespace TokenWatch.Core.Polling;

/// <summary>
/// What a store writes for one poll: the reading as kept (text capped, recorded no earlier than the tenant's newest
/// poll) and what it changed among the stored tokens.
/// </summary>
public sealed record PollRecord(TenantReading Reading, TokenChanges Changes)
{
    /// <summary>
    /// The record of <paramref name="reading"/> against <paramref name="baseline"/>. Evaluations read the polls after
    /// their watermark, by time: a poll recorded before the tenant's newest one (this host's clock was set back, or
    /// another host's runs ahead) would never be read, and the changes it saw never told. So a poll is recorded no
    /// earlier than the newest, and the order of polls is the order they ran in.
    /// </summary>
    public static PollRecord Of(PollBaseline baseline, TenantReading reading)
    {
        var kept = reading with
        {
            ReadAt = baseline.NewestPollAt is { } newest && reading.ReadAt < newest ? newest : reading.ReadAt,
            Tokens = reading.Tokens.Select(KeptText.Cap).ToList(),
        };
        return new PollRecord(kept, TokenChanges.Detect(baseline.Tokens, kept));
    }
}
