using Microsoft.Azure.Functions.Worker;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Functions;

/// <summary>Compares the stored token state with what admins were told and emails one digest per tenant.</summary>
public sealed class EvaluateAlerts(EvaluationService evaluation)
{
    [Function(nameof(EvaluateAlerts))]
    public async Task RunAsync(
        [TimerTrigger("%EvaluateSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => await evaluation.RunAsync(cancellationToken);
}
