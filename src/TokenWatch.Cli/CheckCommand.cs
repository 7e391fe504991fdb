using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch check</c>: read every tenant now and print the result; the exit code is the worst status of the
/// tenants that are not paused. The tenants are those <c>run</c> polls: the configured ones, then those of the tenant
/// catalog when storage is configured, each catalog tenant with its own sign-in and thresholds.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The tenant id used when none is configured and Graph is a credential-free local simulator.</summary>
    public const string LocalTenant = "local";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(
        CheckArguments arguments,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        using var bound = Bound(arguments.TimeoutSeconds, cancellationToken);
        try
        {
            return await CheckAsync(arguments, output, bound.Token);
        }
        catch (OperationCanceledException)
            when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await output.ErrorAsync(
                $"check did not finish within {arguments.TimeoutSeconds} s (--timeout): "
                    + "Graph or storage did not answer in time."
            );
            return (int)HealthStatus.Unknown;
        }
    }

    private static CancellationTokenSource Bound(int? seconds, CancellationToken cancellationToken)
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (seconds is { } s)
        {
            bound.CancelAfter(TimeSpan.FromSeconds(s));
        }

        return bound;
    }

    private static async Task<int> CheckAsync(
        CheckArguments arguments,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        await using var services = CliSettings.Services(Configure(arguments), TokenWatchScope.ReadOnly);
        if (!await output.ValidateAsync(services))
        {
            return (int)HealthStatus.Unknown;
        }

        var watched = await services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken);
        if (arguments.Tenant is { } name)
        {
            return await CheckNamedAsync(name, watched, services, arguments, output, cancellationToken);
        }

        if (watched.Count == 0)
        {
            await output.ErrorAsync(
                "check: no tenant to check: TokenWatch:Tenants is empty and the tenant catalog has none "
                    + "('tokenwatch tenants add TENANT' or 'tokenwatch tenants discover --add' adds some)."
            );
            return (int)HealthStatus.Unknown;
        }

        return await CheckReadAsync(watched, services, arguments, output, cancellationToken);
    }

    /// <summary>
    /// The settings, with the local tenant when none is configured and Graph is a credential-free local simulator.
    /// </summary>
    private static IConfiguration Configure(CheckArguments arguments)
    {
        var overrides = arguments.Overrides();
        var configuration = CliSettings.Build(arguments.ConfigFile, overrides);
        var configured = configuration.GetSection("TokenWatch:Tenants").GetChildren().Count();
        if (
            arguments.Tenant is null
            && configured == 0
            && !HasCatalog(configuration)
            && overrides.GetValueOrDefault("TokenWatch:Graph:Auth") == nameof(GraphAuth.None)
        )
        {
            overrides["TokenWatch:Tenants:0:TenantId"] = LocalTenant;
            configuration = CliSettings.Build(arguments.ConfigFile, overrides);
        }

        return configuration;
    }

    /// <summary>
    /// One tenant named with <c>--tenant</c>: the watched tenant it names (its own sign-in and thresholds, as
    /// <c>run</c> reads it); a tenant id or domain that is not watched is read alone with the global sign-in.
    /// </summary>
    private static async Task<int> CheckNamedAsync(
        string name,
        IReadOnlyList<MonitoredTenant> watched,
        ServiceProvider services,
        CheckArguments arguments,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        if (TenantResolver.Match(watched, name).Count > 0 || !TenantResolver.IsTenantId(name))
        {
            var tenant = await TenantResolver.ResolveAsync(watched, name, output.ErrorAsync);
            return tenant is null
                ? (int)HealthStatus.Unknown
                : await CheckReadAsync([tenant], services, arguments, output, cancellationToken);
        }

        // Added as a configured tenant, so that its id is validated as one before anything is read.
        var overrides = arguments.Overrides();
        var index = CliSettings.Build(arguments.ConfigFile, overrides).GetSection("TokenWatch:Tenants").GetChildren();
        overrides[$"TokenWatch:Tenants:{index.Count()}:TenantId"] = name;
        await using var named = CliSettings.Services(
            CliSettings.Build(arguments.ConfigFile, overrides),
            TokenWatchScope.ReadOnly
        );
        if (!await output.ValidateAsync(named))
        {
            return (int)HealthStatus.Unknown;
        }

        var tenants = TenantResolver.Match(
            await named.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken),
            name
        );
        return await CheckReadAsync(tenants, named, arguments, output, cancellationToken);
    }

    /// <summary>Settings name a storage account, so there is a tenant catalog to read as <c>run</c> does.</summary>
    private static bool HasCatalog(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:ConnectionString"])
        || !string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:TableServiceUri"]);

    private static async Task<int> CheckReadAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        IServiceProvider services,
        CheckArguments arguments,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var readings = await ProgressReporter.ForEachAsync(
            "Reading",
            tenants,
            services.GetRequiredService<CycleSettings>().MaxParallelism,
            (t, ct) => ReadTenantAsync(t, services, !arguments.NoEnrollment, ct),
            r => r.Reading.Failures.Count > 0 || r.Enrollment?.Tokens.Any(e => e.IsUnknown) == true,
            output.Stderr,
            clock,
            cancellationToken
        );
        var report = CheckReport.From(readings, clock.GetUtcNow());
        await WriteAsync(report, output, services.GetRequiredService<HealthRules>(), cancellationToken);
        return report.ExitCode;
    }

    /// <summary>
    /// One tenant's tokens read now, and unless <c>--no-enrollment</c> its enrollment scan of the ADE tokens just
    /// read (in memory, stored nowhere).
    /// </summary>
    private static async Task<TenantCheck> ReadTenantAsync(
        MonitoredTenant tenant,
        IServiceProvider services,
        bool enrollment,
        CancellationToken cancellationToken
    )
    {
        var reading = await services.GetRequiredService<PollService>().ReadTenantAsync(tenant, cancellationToken);
        var rules = tenant.Policy?.Rules() ?? services.GetRequiredService<HealthRules>();
        var scan = enrollment
            ? await services.GetRequiredService<EnrollmentReader>().ReadAsync(tenant, reading.Tokens, cancellationToken)
            : null;
        return new TenantCheck(tenant.TenantId, tenant.DisplayName, tenant.Paused, reading, rules)
        {
            Enrollment = scan,
        };
    }

    private static async Task WriteAsync(
        CheckReport report,
        CheckOutput output,
        HealthRules rules,
        CancellationToken cancellationToken
    )
    {
        switch (output.Format)
        {
            case "json":
                await output.Stdout.WriteLineAsync(
                    JsonSerializer.Serialize(report, Json).AsMemory(),
                    cancellationToken
                );
                break;
            case CheckOutput.Nagios:
                foreach (var line in NagiosOutput.Lines(report, rules.Thresholds.ExpiryWarningDays))
                {
                    await output.Stdout.WriteLineAsync(line);
                }

                break;
            default:
                CheckTable.Write(report, output.Stdout);
                break;
        }
    }
}
