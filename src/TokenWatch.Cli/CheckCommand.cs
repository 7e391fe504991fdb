using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Catalog;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch check</c>: read every tenant now and print the result; the exit code is the worst status. The tenants
/// are those <c>run</c> polls: the configured ones, then those of the tenant catalog when storage is configured, each
/// catalog tenant with its own sign-in and thresholds.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The tenant id used when none is configured and Graph is a credential-free local simulator.</summary>
    public const string LocalTenant = "local";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(
        string? graphUrl,
        string? auth,
        string? tenant,
        string output,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var overrides = new Dictionary<string, string?>();
        if (graphUrl is not null)
        {
            overrides["TokenWatch:Graph:BaseUrl"] = graphUrl;
        }

        if (CliSettings.ParseAuth(auth) is { } graphAuth)
        {
            overrides["TokenWatch:Graph:Auth"] = graphAuth.ToString();
        }

        var configuration = CliSettings.Build(configFile, overrides);
        var configured = configuration.GetSection("TokenWatch:Tenants").GetChildren().ToList();
        var isConfigured =
            tenant is not null
            && configured.Any(t => string.Equals(t["TenantId"], tenant, StringComparison.OrdinalIgnoreCase));
        var hasCatalog = HasCatalog(configuration);
        if (tenant is not null && !isConfigured && !hasCatalog)
        {
            configuration = WithTenant(configFile, overrides, configured.Count, tenant);
        }
        else if (
            tenant is null
            && configured.Count == 0
            && !hasCatalog
            && overrides.GetValueOrDefault("TokenWatch:Graph:Auth") == nameof(GraphAuth.None)
        )
        {
            overrides["TokenWatch:Tenants:0:TenantId"] = LocalTenant;
            configuration = CliSettings.Build(configFile, overrides);
        }

        await using var services = CliSettings.Services(configuration, TokenWatchScope.ReadOnly);
        if (!CliSettings.Validate(services, stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var check = new CheckOutput(output, stdout, stderr);
        if (tenant is not null && !isConfigured && hasCatalog)
        {
            var withTenant = WithTenant(configFile, overrides, configured.Count, tenant);
            return await CheckNamedAsync(tenant, services, withTenant, check, cancellationToken);
        }

        var tenants = await TenantsAsync(services, tenant, cancellationToken);
        if (tenants.Count == 0)
        {
            await stderr.WriteLineAsync(
                "check: no tenant to check: TokenWatch:Tenants is empty and the tenant catalog has none "
                    + "('tokenwatch tenants add TENANT' or 'tokenwatch tenants discover --add' adds some)."
            );
            return (int)HealthStatus.Unknown;
        }

        return await CheckAsync(tenants, services, check, cancellationToken);
    }

    /// <summary>
    /// A tenant named with <c>--tenant</c> that is not configured: its catalog row when it has one (its own sign-in
    /// and thresholds, as <c>run</c> reads it), otherwise the tenant alone with the global sign-in.
    /// </summary>
    private static async Task<int> CheckNamedAsync(
        string tenant,
        ServiceProvider services,
        IConfiguration withTenant,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        CatalogTenant? row;
        try
        {
            row = await services.GetRequiredService<TableTenantCatalogStore>().FindAsync(tenant, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Reading it with the global sign-in instead could call a healthy tenant refused, or the reverse.
            await output.Stderr.WriteLineAsync(
                $"check: the tenant catalog could not be read, so {tenant} cannot be checked with its own settings: "
                    + ex.Message
            );
            return (int)HealthStatus.Unknown;
        }

        if (row is not null)
        {
            var options = services.GetRequiredService<IOptions<TokenWatchOptions>>().Value;
            return await CheckAsync([TenantPolicies.Watched(row, options)], services, output, cancellationToken);
        }

        // Added as a configured tenant, so that its id is validated as one before anything is read.
        await using var named = CliSettings.Services(withTenant, TokenWatchScope.ReadOnly);
        if (!CliSettings.Validate(named, output.Stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var tenants = await TenantsAsync(named, tenant, cancellationToken);
        return await CheckAsync(tenants, named, output, cancellationToken);
    }

    /// <summary>Settings name a storage account, so there is a tenant catalog to read as <c>run</c> does.</summary>
    private static bool HasCatalog(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:ConnectionString"])
        || !string.IsNullOrWhiteSpace(configuration["TokenWatch:Storage:TableServiceUri"]);

    /// <summary>The settings with <paramref name="tenant"/> added as one more configured tenant.</summary>
    private static IConfiguration WithTenant(
        string? configFile,
        Dictionary<string, string?> overrides,
        int index,
        string tenant
    )
    {
        var added = new Dictionary<string, string?>(overrides) { [$"TokenWatch:Tenants:{index}:TenantId"] = tenant };
        return CliSettings.Build(configFile, added);
    }

    private static async Task<List<MonitoredTenant>> TenantsAsync(
        IServiceProvider services,
        string? tenant,
        CancellationToken cancellationToken
    ) =>
        (await services.GetRequiredService<ITenantCatalog>().LoadAsync(cancellationToken))
            .Where(t => tenant is null || string.Equals(t.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static async Task<int> CheckAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        IServiceProvider services,
        CheckOutput output,
        CancellationToken cancellationToken
    )
    {
        var poll = services.GetRequiredService<PollService>();
        var rules = services.GetRequiredService<HealthRules>();
        var clock = services.GetRequiredService<TimeProvider>();
        var parallelism = services.GetRequiredService<CycleSettings>().MaxParallelism;
        var readings = await ProgressReporter.ForEachAsync(
            "Reading",
            tenants,
            parallelism,
            async (t, ct) =>
                (
                    t.TenantId,
                    t.DisplayName,
                    Reading: await poll.ReadTenantAsync(t, ct),
                    Rules: t.Policy?.Rules() ?? rules
                ),
            r => r.Reading.Failures.Count > 0,
            output.Stderr,
            clock,
            cancellationToken
        );
        var report = CheckReport.From(readings, clock.GetUtcNow());

        if (output.Format == "json")
        {
            var json = JsonSerializer.Serialize(report, Json);
            await output.Stdout.WriteLineAsync(json.AsMemory(), cancellationToken);
        }
        else
        {
            WriteTable(report, output.Stdout);
        }

        return report.ExitCode;
    }

    private static void WriteTable(CheckReport report, TextWriter stdout)
    {
        var terminal = stdout == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            }
        );
        if (!terminal)
        {
            // Redirected output is read by people in files and by grep: one line per row beats wrapped cells. Cells
            // are bounded (Cell), so the widest row stays well inside this.
            console.Profile.Width = 4096;
        }

        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumns(
                "Tenant",
                "Kind",
                "Name",
                "Apple ID",
                "Expires (UTC)",
                "Days left",
                "Last sync (UTC)",
                "Status",
                "Reason"
            );
        foreach (var tenant in report.Tenants)
        {
            foreach (var token in tenant.Tokens)
            {
                table.AddRow(
                    Cell(tenant.DisplayName),
                    Cell(token.Kind),
                    Cell(token.Name ?? token.Id),
                    Cell(token.AppleId),
                    Cell(token.ExpiresAt is { } expires ? Words.Day(expires) : null),
                    Cell(token.DaysUntilExpiry?.ToString(CultureInfo.InvariantCulture)),
                    Cell(token.LastSyncAt is { } synced ? Words.Date(synced) : null),
                    Status(token.Health),
                    Cell(
                        token.Health == HealthStatus.Ok && !token.Reasons.Contains("not-configured")
                            ? ""
                            : token.Detail,
                        ReasonWidth
                    )
                );
            }

            foreach (var failure in tenant.Failures)
            {
                var ids =
                    failure.RequestId is null && failure.ClientRequestId is null
                        ? ""
                        : $" (request-id {failure.RequestId ?? "none"}, client-request-id {failure.ClientRequestId ?? "none"})";
                table.AddRow(
                    Cell(tenant.DisplayName),
                    Cell(failure.Kind),
                    Cell("(not read)"),
                    Cell(""),
                    Cell(""),
                    Cell(""),
                    Cell(""),
                    Status(HealthStatus.Unknown),
                    Cell($"{failure.Code}: {failure.Message} Fix: {failure.Fix}{ids}", ReasonWidth)
                );
            }
        }

        console.Write(table);
        console.WriteLine(
            $"Overall: {report.Status.ToUpperInvariant()} (checked {report.CheckedAt:yyyy-MM-dd HH:mm} UTC)"
        );
    }

    /// <summary>Reasons are sentences that name the fix; everything else is a short value.</summary>
    private const int ReasonWidth = 600;

    /// <summary>
    /// Graph-sourced text as plain text, never interpreted as console markup, on one bounded line (see
    /// <see cref="Words.Clean"/>): a line break, escape sequence or bidi override in a name would break the table or
    /// make a row read as something it is not. The JSON output keeps the text exactly as Graph sent it.
    /// </summary>
    private static Text Cell(string? value, int max = Words.MaxInline) => new(Words.Clean(value, max));

    private static Text Status(HealthStatus status) =>
        new(
            status.ToSlug().ToUpperInvariant(),
            status switch
            {
                HealthStatus.Critical => new Style(Color.Red),
                HealthStatus.Unknown => new Style(Color.Purple),
                HealthStatus.Warning => new Style(Color.Yellow),
                _ => new Style(Color.Green),
            }
        );
}
