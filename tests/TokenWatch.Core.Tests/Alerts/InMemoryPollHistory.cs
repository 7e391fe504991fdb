using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// Polls as the poll store keeps them: every poll with the changes it saw, read back after a watermark.
/// </summary>
internal sealed class InMemoryPollHistory : IPollHistory
{
    public List<PollSnapshot> Polls { get; } = [];

    public Task<PollActivity> LoadSinceAsync(
        string tenantId,
        PollWatermark? since,
        CancellationToken cancellationToken
    ) =>
        Task.FromResult(
            new PollActivity(
                Polls
                    .Where(p =>
                        since is null || p.At > since.At || (p.At == since.At && !since.RunIds.Contains(p.RunId))
                    )
                    .ToList(),
                [],
                false
            )
        );
}
