using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch snooze</c> and <c>unsnooze</c>: keep one token's events from being sent (they are still recorded)
/// until a date, for a known problem with a fix on the way. The snooze ends by itself at that date, or as soon as
/// the token changes in a way it did not cover: renewed, a new condition, a new owner or topic, removed.
/// </summary>
internal static class SnoozeCommand
{
    public static async Task<int> SnoozeAsync(
        string tenant,
        string token,
        string until,
        string reason,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var services = Open(configFile);
        if (await FindAsync(services, tenant, token, stderr, cancellationToken) is not (var target, var key))
        {
            return (int)HealthStatus.Unknown;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (
            await EndAsync(until, reason, now, stderr) is not { } end
            || !await IsKnownAsync(services, target, key, stderr, cancellationToken)
        )
        {
            return (int)HealthStatus.Unknown;
        }

        // The same service and audit as the action page's: history, status and the next digest say who did it.
        var request = new ActionRequest(target.TenantId, key, reason, CommandLineUser());
        await services.GetRequiredService<AlertActions>().SnoozeAsync(request, end, cancellationToken);
        await stdout.WriteLineAsync(Snoozed($"{key} of {target.DisplayName}", end, reason));
        return 0;
    }

    public static async Task<int> UnsnoozeAsync(
        string tenant,
        string token,
        string? configFile,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var services = Open(configFile);
        if (await FindAsync(services, tenant, token, stderr, cancellationToken) is not (var target, var key))
        {
            return (int)HealthStatus.Unknown;
        }

        var request = new ActionRequest(target.TenantId, key, "ended from the command line", CommandLineUser());
        var removed = await services.GetRequiredService<AlertActions>().UnsnoozeAsync(request, cancellationToken);
        var what = $"{key} of {target.DisplayName}";
        await stdout.WriteLineAsync(
            removed is null
                ? $"{what} was not snoozed."
                : $"{what} is no longer snoozed (it was until {Format(removed.Until)}: {removed.Reason}). "
                    + "Its next events are sent."
        );
        return 0;
    }

    private static ServiceProvider Open(string? configFile) =>
        CliSettings.Services(CliSettings.Build(configFile, new Dictionary<string, string?>()), TokenWatchScope.Full);

    /// <summary>The tenant and token key the arguments name; null (with the problem printed) when not.</summary>
    private static async Task<(MonitoredTenant Target, string Key)?> FindAsync(
        ServiceProvider services,
        string tenant,
        string token,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        if (
            !CliSettings.Validate(services, stderr)
            || await CliTargets.FindTenantAsync(
                services.GetRequiredService<ITenantCatalog>(),
                tenant,
                stderr,
                cancellationToken
            )
                is not { } target
            || CliTargets.ParseTokenKey(token, stderr) is not { } key
        )
        {
            return null;
        }

        return (target, key);
    }

    /// <summary>When the snooze ends; null (with the problem printed) for a bad date or an empty reason.</summary>
    private static async Task<DateTimeOffset?> EndAsync(
        string until,
        string reason,
        DateTimeOffset now,
        TextWriter stderr
    )
    {
        var (parsed, problem) = SnoozeEnd.Parse(until, now);
        if (parsed is not { } end)
        {
            await stderr.WriteLineAsync(problem);
            return null;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            await stderr.WriteLineAsync("--reason is empty: say why, so whoever reads the history later knows.");
            return null;
        }

        return end;
    }

    /// <summary>True when the tenant has this token stored or in its ledger; else says which tokens it has.</summary>
    private static async Task<bool> IsKnownAsync(
        ServiceProvider services,
        MonitoredTenant target,
        string key,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var ledgers = services.GetRequiredService<IAlertLedgerStore>();
        var known = await KnownTokensAsync(services, target.TenantId, ledgers, cancellationToken);
        if (known.Contains(key))
        {
            return true;
        }

        var listed =
            known.Count == 0
                ? "none stored yet (run a poll first)"
                : string.Join(", ", known.Order(StringComparer.Ordinal));
        await stderr.WriteLineAsync($"Tenant {target.DisplayName} has no token {key}. Its tokens: {listed}.");
        return false;
    }

    private static async Task<HashSet<string>> KnownTokensAsync(
        IServiceProvider services,
        string tenantId,
        IAlertLedgerStore ledgers,
        CancellationToken cancellationToken
    )
    {
        var stored = await services.GetRequiredService<ITokenStateStore>().LoadAsync(tenantId, cancellationToken);
        var ledger = await ledgers.LoadAsync(tenantId, cancellationToken);
        return stored
            .Tokens.Select(t => t.Observation.Key)
            .Concat(ledger.Ledger.Tokens.Keys)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string Format(DateTimeOffset value) => Words.Date(value);

    private static string Snoozed(string what, DateTimeOffset end, string reason) =>
        $"Snoozed {what} until {Format(end)}: {AlertActions.CleanReason(reason)}. Its events are recorded, not sent, "
        + "until then or until the token changes (renewed, a new condition, a new owner or topic, removed). The next "
        + "digest to the tenant says so.";

    /// <summary>Who acted from the command line: the account that ran it, as the audit records it.</summary>
    private static string CommandLineUser() => $"{Words.Inline(Environment.UserName)} (command line)";
}
