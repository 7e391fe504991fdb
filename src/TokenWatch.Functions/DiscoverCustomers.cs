using Microsoft.Azure.Functions.Worker;
using TokenWatch.Infrastructure.Discovery;

namespace TokenWatch.Functions;

/// <summary>
/// Tells ops once a day of new, unconsented and departed GDAP customers (<c>%DiscoverySchedule%</c>); does nothing
/// while <c>TokenWatch:Discovery:PartnerTenantId</c> is unset.
/// </summary>
public sealed class DiscoverCustomers(DiscoverySummary summary)
{
    [Function(nameof(DiscoverCustomers))]
    public async Task RunAsync(
        [TimerTrigger("%DiscoverySchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    ) => await summary.RunAsync(cancellationToken);
}
