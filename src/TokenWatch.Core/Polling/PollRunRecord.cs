namespace TokenWatch.Core.Polling;

/// <summary>One poll of one tenant.</summary>
public sealed record PollRunRecord(
    string TenantId,
    DateTimeOffset StartedAt,
    int TokenCount,
    IReadOnlyList<PollFailure> Failures
)
{
    public bool Succeeded => Failures.Count == 0;
}
