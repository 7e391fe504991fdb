using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Enrollment;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Graph.Enrollment;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure;

/// <summary>The enrollment scan's services: its settings and their validation, its Graph reads and its rows.</summary>
public static class EnrollmentServices
{
    public static IServiceCollection AddEnrollmentScan(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<TokenWatchOptions>, EnrollmentOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Enrollment);
        services.AddSingleton<IEnrollmentSource, GraphEnrollmentSource>();
        services.AddSingleton<TableEnrollmentStore>();
        services.AddSingleton<IEnrollmentStore>(sp => sp.GetRequiredService<TableEnrollmentStore>());
        services.AddSingleton<EnrollmentScanService>();
        services.AddSingleton<EnrollmentReader>();
        return services;
    }
}
