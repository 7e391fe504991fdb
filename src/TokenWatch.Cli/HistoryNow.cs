using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>
/// The end of <c>tokenwatch history</c>: what the ledger holds now (open conditions, expiry milestones told,
/// snoozes, failing endpoints).
/// </summary>
internal static class HistoryNow
{
    public static async Task PrintAsync(
        IServiceProvider services,
        string tenantId,
        string? key,
        TextWriter stdout,
        CancellationToken cancellationToken
    )
    {
        var store = services.GetRequiredService<IAlertLedgerStore>();
        var ledger = (await store.LoadAsync(tenantId, cancellationToken)).Ledger;
        var folded = ledger.Watermark is { } mark
            ? $" (polls folded in up to {Time(mark.At)})"
            : " (not evaluated yet)";
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync($"Now{folded}");
        var lines = TokenLines(ledger, key).Concat(SnoozeLines(ledger, key)).Concat(EndpointLines(ledger)).ToList();
        foreach (var line in lines.Count == 0 ? ["nothing open, nothing snoozed"] : lines)
        {
            await stdout.WriteLineAsync($"  {line}");
        }
    }

    private static IEnumerable<string> TokenLines(AlertLedger ledger, string? key)
    {
        foreach (var (tokenKey, token) in ledger.Tokens.Where(t => key is null || t.Key == key))
        {
            foreach (var (condition, open) in token.Alerts)
            {
                yield return $"{Clean(tokenKey)} \"{Clean(token.Observation.DisplayName)}\": {condition} "
                    + $"{open.Severity.ToSlug()} since {Time(open.OpenedAt)}, last told {Time(open.NotifiedAt)}, "
                    + $"{open.CleanPolls} clean polls since";
            }

            if (token.LastMilestone is { } milestone)
            {
                yield return $"{Clean(tokenKey)}: {milestone}-day expiry milestone told "
                    + $"(expires {Time(token.Observation.ExpiresAt)})";
            }
        }
    }

    private static IEnumerable<string> SnoozeLines(AlertLedger ledger, string? key) =>
        ledger
            .Snoozes.Where(s => key is null || s.Key == key)
            .Select(s =>
                $"{Clean(Silence.Line(Silence.TokenName(ledger, s.Key), s.Value))} (set {Time(s.Value.SetAt)})"
            );

    private static IEnumerable<string> EndpointLines(AlertLedger ledger) =>
        ledger
            .Endpoints.Where(e => e.Value.FailedPolls > 0 || e.Value.FailedNotifiedAt is not null)
            .Select(e =>
                $"{e.Key.ToSlug()}: not read on the last {e.Value.FailedPolls} polls ({e.Value.LastFailure?.Code})"
                + (e.Value.FailedNotifiedAt is { } told ? $", admins told {Time(told)}" : "")
            );

    /// <summary>Text from outside on one line, without control characters, and bounded.</summary>
    private static string Clean(string value) => Words.Clean(value, 300);

    private static string Time(DateTimeOffset value) => Words.Date(value);

    private static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;
}
