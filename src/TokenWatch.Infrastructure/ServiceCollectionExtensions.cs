using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Diagnostics;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Retention;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Infrastructure.Calendar;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Infrastructure.Discovery;
using TokenWatch.Infrastructure.Email;
using TokenWatch.Infrastructure.Graph;
using TokenWatch.Infrastructure.Incidents;
using TokenWatch.Infrastructure.Notifications;
using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Everything TokenWatch needs, wired the same way for the Functions host, the CLI and the tests. A
    /// <see cref="TimeProvider"/> registered before this call (a fake clock in tests and the demo) is kept.
    /// </summary>
    public static IServiceCollection AddTokenWatch(
        this IServiceCollection services,
        IConfiguration configuration,
        TokenWatchScope scope = TokenWatchScope.Full
    )
    {
        services.AddHostServices(configuration, scope).AddSettingsAndRules().AddGraphReads().AddTableStorage();
        services.AddTokenWatchChannels().AddTokenWatchActions().AddTokenWatchIncidents(configuration);
        return services.AddCycleServices();
    }

    /// <summary>The options and their validation, the clock, HTTP clients and metrics.</summary>
    private static IServiceCollection AddHostServices(
        this IServiceCollection services,
        IConfiguration configuration,
        TokenWatchScope scope
    )
    {
        services
            .AddOptions<TokenWatchOptions>()
            .Bind(configuration.GetSection(TokenWatchOptions.Section))
            .ValidateOnStart();
        services.AddTokenWatchValidation(scope);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        // HttpClientFactory logs request headers at Trace level. Its message masks their values, but the log state
        // carries them raw (the SendGrid key's Authorization header among them), and structured exporters send the
        // state as custom dimensions: someone turning up logging to debug a delivery would find the key in
        // Application Insights. TokenWatch logs each delivery itself, so the factory's own request logs go.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        services.AddSendGridHttpClient();
        services.AddMetrics();
        services.AddSingleton<TokenWatchMetrics>();
        return services;
    }

    /// <summary>The settings sections the domain reads, the health and alert rules, and the tenant catalog.</summary>
    private static IServiceCollection AddSettingsAndRules(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Health);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Cycle);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Alerts);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TokenWatchOptions>>().Value.Retention);
        services.AddSingleton<HealthRules>();
        services.AddSingleton<AlertPolicy>();
        services.AddSingleton<TableTenantCatalogStore>();
        services.AddSingleton<ITenantCatalog, TenantCatalog>();
        return services;
    }

    private static IServiceCollection AddGraphReads(this IServiceCollection services)
    {
        services.AddSingleton<GraphClientProvider>();
        services.AddSingleton<ITokenSource, GraphTokenSource>();
        return services;
    }

    /// <summary>Each Table Storage store, registered once and exposed under every port it serves.</summary>
    private static IServiceCollection AddTableStorage(this IServiceCollection services)
    {
        services.AddSingleton<TableStorage>();
        services.AddSingleton<TableTokenStateStore>();
        services.AddSingleton<ITokenStateStore>(sp => sp.GetRequiredService<TableTokenStateStore>());
        services.AddSingleton<TablePollHistory>();
        services.AddSingleton<IPollHistory>(sp => sp.GetRequiredService<TablePollHistory>());
        services.AddSingleton<ITokenHistory>(sp => sp.GetRequiredService<TableTokenStateStore>());
        services.AddSingleton<TableAlertLedgerStore>();
        services.AddSingleton<IAlertLedgerStore>(sp => sp.GetRequiredService<TableAlertLedgerStore>());
        services.AddSingleton<IOutboxHistory>(sp => sp.GetRequiredService<TableAlertLedgerStore>());
        services.AddSingleton<IEvaluationReader, TableEvaluationReader>();
        services.AddSingleton<IPollBacklog, TablePollBacklog>();
        services.AddSingleton<IRetentionStore, TableRetentionStore>();
        return services;
    }

    /// <summary>The services that run a cycle: calendar, poll, discovery, evaluation, retention, enrollment.</summary>
    private static IServiceCollection AddCycleServices(this IServiceCollection services)
    {
        services.AddSingleton<RenewalCalendarService>();
        services.AddSingleton<PollService>();
        services.AddSingleton<GdapDiscovery>();
        services.AddSingleton<DiscoverySummary>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<RetentionService>().AddEnrollmentScan();
        return services;
    }

    /// <summary>Every configuration problem, one message each; empty when TokenWatch can start.</summary>
    public static IReadOnlyList<string> ConfigurationProblems(this IServiceProvider services) =>
        [
            .. Problems(() => services.GetRequiredService<IOptions<TokenWatchOptions>>().Value),
            .. Problems(() => services.GetRequiredService<IOptions<Core.Incidents.IncidentSettings>>().Value),
        ];

    private static IReadOnlyList<string> Problems(Func<object> bind)
    {
        try
        {
            _ = bind();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
        catch (InvalidOperationException ex)
        {
            // The binder could not convert a value (e.g. Auth = "Kerberos"): say which.
            return [ex.InnerException?.Message is { } inner ? $"{ex.Message} {inner}" : ex.Message];
        }
    }
}
