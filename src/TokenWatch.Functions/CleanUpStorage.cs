using Microsoft.Azure.Functions.Worker;
using TokenWatch.Core.Retention;

namespace TokenWatch.Functions;

/// <summary>
/// Deletes history, polls and digests past their retention and reports the row counts (default: daily at 02:30).
/// </summary>
public sealed class CleanUpStorage(RetentionService retention)
{
    [Function(nameof(CleanUpStorage))]
    public async Task RunAsync(
        [TimerTrigger("%CleanupSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => await retention.RunAsync(cancellationToken);
}
