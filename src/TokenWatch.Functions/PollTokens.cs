using Microsoft.Azure.Functions.Worker;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Functions;

/// <summary>Reads every tenant's Apple tokens from Graph into Table Storage (default: hourly).</summary>
public sealed class PollTokens(PollService poll)
{
    [Function(nameof(PollTokens))]
    public async Task RunAsync([TimerTrigger("%PollSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await poll.RunAsync(cancellationToken);
}
