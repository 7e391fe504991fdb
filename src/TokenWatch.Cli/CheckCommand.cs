using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary><c>tokenwatch check</c>: read every tenant now and print the result; the exit code is the worst status.</summary>
internal static class CheckCommand
{
    /// <summary>The tenant id used when none is configured and Graph is a credential-free local simulator.</summary>
    public const string LocalTenant = "local";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(
        string? graphUrl, string? auth, string? tenant, string output, string? configFile, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
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
        if (tenant is not null && !configured.Any(t => string.Equals(t["TenantId"], tenant, StringComparison.OrdinalIgnoreCase)))
        {
            overrides[$"TokenWatch:Tenants:{configured.Count}:TenantId"] = tenant;
            configuration = CliSettings.Build(configFile, overrides);
        }
        else if (tenant is null && configured.Count == 0 && overrides.GetValueOrDefault("TokenWatch:Graph:Auth") == nameof(GraphAuth.None))
        {
            overrides["TokenWatch:Tenants:0:TenantId"] = LocalTenant;
            configuration = CliSettings.Build(configFile, overrides);
        }

        await using var services = CliSettings.Services(configuration, TokenWatchScope.ReadOnly);
        if (!CliSettings.Validate(services, stderr))
        {
            return (int)HealthStatus.Unknown;
        }

        var poll = services.GetRequiredService<PollService>();
        var catalog = services.GetRequiredService<ITenantCatalog>();
        var rules = services.GetRequiredService<HealthRules>();
        var clock = services.GetRequiredService<TimeProvider>();
        var tenants = (await catalog.LoadAsync(cancellationToken))
            .Where(t => tenant is null || string.Equals(t.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var readings = await ProgressReporter.ForEachAsync("Reading", tenants, services.GetRequiredService<CycleSettings>().MaxParallelism,
            async (t, ct) => (t.TenantId, t.DisplayName,
                Reading: await poll.ReadTenantAsync(t, ct), Rules: t.Policy?.Rules() ?? rules),
            r => r.Reading.Failures.Count > 0, stderr, clock, cancellationToken);
        var report = CheckReport.From(readings, clock.GetUtcNow());

        if (output == "json")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(report, Json).AsMemory(), cancellationToken);
        }
        else
        {
            WriteTable(report, stdout);
        }

        return report.ExitCode;
    }

    private static void WriteTable(CheckReport report, TextWriter stdout)
    {
        var terminal = stdout == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            // Redirected output is read by people in files and by grep: one line per row beats wrapped cells. Cells
            // are bounded (Cell), so the widest row stays well inside this.
            console.Profile.Width = 4096;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Tenant", "Kind", "Name", "Apple ID", "Expires (UTC)", "Days left", "Last sync (UTC)", "Status", "Reason");
        foreach (var tenant in report.Tenants)
        {
            foreach (var token in tenant.Tokens)
            {
                table.AddRow(
                    Cell(tenant.DisplayName), Cell(token.Kind), Cell(token.Name ?? token.Id), Cell(token.AppleId),
                    Cell(token.ExpiresAt is { } expires ? Words.Day(expires) : null),
                    Cell(token.DaysUntilExpiry?.ToString(CultureInfo.InvariantCulture)),
                    Cell(token.LastSyncAt is { } synced ? Words.Date(synced) : null),
                    Status(token.Health),
                    Cell(token.Health == HealthStatus.Ok && !token.Reasons.Contains("not-configured") ? "" : token.Detail, ReasonWidth));
            }

            foreach (var failure in tenant.Failures)
            {
                var ids = failure.RequestId is null && failure.ClientRequestId is null
                    ? ""
                    : $" (request-id {failure.RequestId ?? "none"}, client-request-id {failure.ClientRequestId ?? "none"})";
                table.AddRow(Cell(tenant.DisplayName), Cell(failure.Kind), Cell("(not read)"), Cell(""), Cell(""), Cell(""), Cell(""),
                    Status(HealthStatus.Unknown), Cell($"{failure.Code}: {failure.Message} Fix: {failure.Fix}{ids}", ReasonWidth));
            }
        }

        console.Write(table);
        console.WriteLine($"Overall: {report.Status.ToUpperInvariant()} (checked {report.CheckedAt:yyyy-MM-dd HH:mm} UTC)");
    }

    /// <summary>Reasons are sentences that name the fix; everything else is a short value.</summary>
    private const int ReasonWidth = 600;

    /// <summary>
    /// Graph-sourced text as plain text, never interpreted as console markup, on one bounded line (see
    /// <see cref="Words.Clean"/>): a line break, escape sequence or bidi override in a name would break the table or
    /// make a row read as something it is not. The JSON output keeps the text exactly as Graph sent it.
    /// </summary>
    private static Text Cell(string? value, int max = Words.MaxInline) => new(Words.Clean(value, max));

    private static Text Status(HealthStatus status) => new(status.ToSlug().ToUpperInvariant(), status switch
    {
        HealthStatus.Critical => new Style(Color.Red),
        HealthStatus.Unknown => new Style(Color.Purple),
        HealthStatus.Warning => new Style(Color.Yellow),
        _ => new Style(Color.Green),
    });
}
