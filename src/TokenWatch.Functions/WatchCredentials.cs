using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace TokenWatch.Functions;

/// <summary>
/// Once a day (<c>%CredentialWatchSchedule%</c>): the expiry of the Key Vault secrets TokenWatch depends on; does
/// nothing while <c>TokenWatch:Graph:KeyVaultUri</c> is unset (the CLI, a local run).
/// </summary>
public sealed class WatchCredentials(IServiceProvider services)
{
    [Function(nameof(WatchCredentials))]
    public async Task RunAsync(
        [TimerTrigger("%CredentialWatchSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken
    )
    {
        if (services.GetService<CredentialExpiryWatch>() is { } watch)
        {
            await watch.RunAsync(cancellationToken);
        }
    }
}
