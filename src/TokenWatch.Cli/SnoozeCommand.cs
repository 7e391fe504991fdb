using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch snooze</c> and <c>unsnooze</c>: keep one token's events from being sent (they are still recorded)
/// until a date, for a known problem with a fix on the way. The snooze ends by itself at that date, or as soon as
/// the token changes in a way it did not cover: renewed, a new condition, a new owner or topic, removed.
/// </summary>
internal static class SnoozeCommand
{
    private const int MaxReasonLength = 500;

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
        await using var services = CliSettings.Services(
            CliSettings.Build(configFile, new Dictionary<string, string?>()),
            TokenWatchScope.Full
        );
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
            return (int)HealthStatus.Unknown;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (parsed, problem) = SnoozeEnd.Parse(until, now);
        if (parsed is not { } end)
        {
            await stderr.WriteLineAsync(problem);
            return (int)HealthStatus.Unknown;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            await stderr.WriteLineAsync("--reason is empty: say why, so whoever reads the history later knows.");
            return (int)HealthStatus.Unknown;
        }

        var ledgers = services.GetRequiredService<IAlertLedgerStore>();
        var known = await KnownTokensAsync(services, target.TenantId, ledgers, cancellationToken);
        if (!known.Contains(key))
        {
            await stderr.WriteLineAsync($"Tenant {target.DisplayName} has no token {key}. Its tokens: {List(known)}.");
            return (int)HealthStatus.Unknown;
        }

        var text = reason.Trim();
        var snooze = new Snooze(end, text.Length > MaxReasonLength ? text[..MaxReasonLength] : text, now);
        await ledgers.UpdateAsync(target.TenantId, ledger => ledger.WithSnooze(key, snooze), cancellationToken);
        await stdout.WriteLineAsync(
            $"Snoozed {key} of {target.DisplayName} until {Format(end)}: {snooze.Reason}. Its events are "
                + "recorded, not sent, until then or until the token changes (renewed, a new condition, a new "
                + "owner or topic, removed)."
        );
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
        await using var services = CliSettings.Services(
            CliSettings.Build(configFile, new Dictionary<string, string?>()),
            TokenWatchScope.Full
        );
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
            return (int)HealthStatus.Unknown;
        }

        Snooze? removed = null;
        await services
            .GetRequiredService<IAlertLedgerStore>()
            .UpdateAsync(
                target.TenantId,
                ledger =>
                {
                    removed = ledger.Snoozes.GetValueOrDefault(key);
                    return ledger.WithSnooze(key, null);
                },
                cancellationToken
            );
        await stdout.WriteLineAsync(
            removed is null
                ? $"{key} of {target.DisplayName} was not snoozed."
                : $"{key} of {target.DisplayName} is no longer snoozed (it was until {Format(removed.Until)}: {removed.Reason}). Its next events are sent."
        );
        return 0;
    }

    private static string List(HashSet<string> known) =>
        known.Count == 0
            ? "none stored yet (run a poll first)"
            : string.Join(", ", known.Order(StringComparer.Ordinal));

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
}
