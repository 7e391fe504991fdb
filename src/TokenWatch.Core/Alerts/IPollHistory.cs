namespace TokenWatch.Core.Alerts;

/// <summary>The polls an evaluation has not folded in yet, read back from where the poll stored them.</summary>
public interface IPollHistory
{
    /// <summary>
    /// The polls after <paramref name="since"/>, oldest first, each with the token changes it saw. With no watermark
    /// (a tenant's first evaluation) the newest poll alone, carrying every stored token: the baseline.
    /// </summary>
    Task<PollActivity> LoadSinceAsync(string tenantId, PollWatermark? since, CancellationToken cancellationToken);
}
