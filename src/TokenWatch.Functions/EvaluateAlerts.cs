using Microsoft.Azure.Functions.Worker;
using TokenWatch.Core.Cycle;
using TokenWatch.Infrastructure.Incidents;

namespace TokenWatch.Functions;

/// <summary>
/// Compares the stored token state with what admins were told and emails one digest per tenant; then tells the ops
/// recipients of any incident across tenants the new ledgers show.
/// </summary>
public sealed class EvaluateAlerts(EvaluationService evaluation, IncidentService incidents)
{
    [Function(nameof(EvaluateAlerts))]
    public async Task RunAsync(
        [TimerTrigger("%EvaluateSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    )
    {
        await evaluation.RunAsync(cancellationToken);
        await incidents.RunAsync(cancellationToken);
    }
}
