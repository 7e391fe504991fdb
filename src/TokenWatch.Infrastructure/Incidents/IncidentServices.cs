using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Incidents;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>Incidents across tenants: their settings (<c>TokenWatch:Incidents</c>), store, service and page.</summary>
public static class IncidentServices
{
    public static IServiceCollection AddTokenWatchIncidents(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services
            .AddOptions<IncidentSettings>()
            .Bind(configuration.GetSection(IncidentSettings.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentSettings>, IncidentSettingsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IncidentSettings>>().Value);
        services.AddSingleton<TableIncidentStore>();
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<TableIncidentStore>());
        services.AddSingleton<IncidentTrace>();
        services.AddSingleton<IncidentAcknowledgement>();
        services.AddSingleton<IncidentPage>();
        services.AddSingleton<IncidentService>();
        return services;
    }
}
