using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Actions;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>The action links, their audit and the action page, registered in one place.</summary>
public static class ActionServices
{
    public static IServiceCollection AddTokenWatchActions(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Actions);
        services.AddSingleton<ActionLinks>();
        services.AddSingleton<TableAlertAudit>();
        services.AddSingleton<IAlertAudit>(sp => sp.GetRequiredService<TableAlertAudit>());
        services.AddSingleton<AlertActions>();
        services.AddSingleton<ActionRateLimit>();
        services.AddSingleton(ActionClientAddress.FromEnvironment());
        services.AddSingleton<ActionPage>();
        return services;
    }
}
