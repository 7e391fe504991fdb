using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The validators of <see cref="TokenWatchOptions"/>: all run at start, each problem one message.</summary>
public static class TokenWatchValidation
{
    public static IServiceCollection AddTokenWatchValidation(this IServiceCollection services, TokenWatchScope scope)
    {
        services.AddSingleton<IValidateOptions<TokenWatchOptions>>(new TokenWatchOptionsValidator(scope));
        services.AddSingleton<IValidateOptions<TokenWatchOptions>, GraphSettingsValidator>();
        services.AddSingleton<IValidateOptions<TokenWatchOptions>>(new TenantSettingsValidator(scope));
        if (scope == TokenWatchScope.Full)
        {
            // Only a process that stores and sends needs these; check reads Graph and judges.
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, EmailSettingsValidator>();
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, StorageSettingsValidator>();
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, ChannelOptionsValidator>();
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, AudienceValidator>();
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, DeliveryTimeValidator>();
            services.AddSingleton<IValidateOptions<TokenWatchOptions>, ActionSettingsValidator>();
        }

        return services;
    }
}
