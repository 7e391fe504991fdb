using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch history</c>: one tenant's timeline, oldest first: what the polls observed (token changes from the
/// token history, endpoints that could not be read) beside what admins were sent (the outbox: sent, pending, failed,
/// snoozed), then what the ledger holds now (open conditions, snoozes, failing endpoints).
/// </summary>
internal static class HistoryCommand
{
    private const string Indent = "                            ";

    /// <summary>What a "changed" row names when it differs from the token's previous row.</summary>
    private static readonly (string Label, Func<TokenObservation, string?> Value)[] Fields =
    [
        ("name", t => t.Name),
        ("Apple ID", t => t.AppleId),
        ("expires", t => Time(t.ExpiresAt)),
        ("last sync", t => Time(t.LastSyncAt)),
        ("sync error", t => t.SyncErrorCode?.ToString(CultureInfo.InvariantCulture)),
        ("state", t => t.State),
        ("last sync status", t => t.SyncStatus),
        ("upload failure", t => t.FailureReason),
        ("topic", t => t.TopicId),
        ("not configured", t => t.NotConfigured ? "yes" : null),
        ("unreadable", t => t.Problems.Count == 0 ? null : string.Join("; ", t.Problems)),
    ];

    public static async Task<int> RunAsync(
        string tenant,
        string? token,
        int days,
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
        )
        {
            return (int)HealthStatus.Unknown;
        }

        string? key = null;
        if (token is not null && (key = CliTargets.ParseTokenKey(token, stderr)) is null)
        {
            return (int)HealthStatus.Unknown;
        }

        var from = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-days);
        var lines = await TimelineAsync(services, target.TenantId, from, key, cancellationToken);
        await PrintTimelineAsync(target, key, from, lines, stdout);
        await HistoryNow.PrintAsync(services, target.TenantId, key, stdout, cancellationToken);
        return 0;
    }

    /// <summary>Every line of the tenant's timeline since <paramref name="from"/>, in no particular order.</summary>
    private static async Task<List<(DateTimeOffset At, int Order, string Text)>> TimelineAsync(
        IServiceProvider services,
        string tenantId,
        DateTimeOffset from,
        string? key,
        CancellationToken cancellationToken
    )
    {
        var history = services.GetRequiredService<ITokenHistory>();
        var changes = await history.ReadChangesAsync(tenantId, from, key, cancellationToken);
        var failedPolls = await history.ReadFailedPollsAsync(tenantId, from, cancellationToken);
        var outbox = await services
            .GetRequiredService<IOutboxHistory>()
            .ReadOutboxAsync(tenantId, from, cancellationToken);
        var lines = ObservedLines(changes).ToList();
        lines.AddRange(FailureLines(failedPolls, KindOf(key)).Select(f => (f.At, 1, f.Text)));
        var audit = services.GetRequiredService<IAlertAudit>();
        lines.AddRange(await AuditLines.ReadAsync(audit, tenantId, from, key, cancellationToken));
        lines.AddRange(DigestLines(outbox, key));
        return lines;
    }

    /// <summary>The kind a <c>--token KIND:ID</c> key names; null for all kinds.</summary>
    private static TokenKind? KindOf(string? key) =>
        key is null ? null
        : TokenKindNames.TryParseSlug(key[..key.IndexOf(':', StringComparison.Ordinal)], out var kind) ? kind
        : null;

    /// <summary>One "observed" line per stored token change, each told against the token's previous row.</summary>
    private static IEnumerable<(DateTimeOffset At, int Order, string Text)> ObservedLines(
        IEnumerable<ObservedChange> changes
    )
    {
        var previous = new Dictionary<string, TokenObservation>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var what = Describe(change, previous.GetValueOrDefault(change.TokenKey));
            yield return (change.At, 0, $"observed  {Clean(change.TokenKey)}  {what}");
            if (change.Observation is { } seen)
            {
                previous[change.TokenKey] = seen;
            }
        }
    }

    private static async Task PrintTimelineAsync(
        MonitoredTenant target,
        string? key,
        DateTimeOffset from,
        IReadOnlyList<(DateTimeOffset At, int Order, string Text)> lines,
        TextWriter stdout
    )
    {
        var token = key is null ? "" : $", token {Clean(key)}";
        await stdout.WriteLineAsync(
            $"History of {Clean(target.DisplayName)} (tenant {target.TenantId}){token}, since {Time(from)}"
        );
        if (lines.Count == 0)
        {
            await stdout.WriteLineAsync("  nothing observed or sent in that time");
        }

        foreach (var (at, _, text) in lines.OrderBy(l => l.At).ThenBy(l => l.Order))
        {
            await stdout.WriteLineAsync($"{Time(at)}  {text}");
        }
    }

    /// <summary>
    /// One line per failure, the same failure of an endpoint on poll after poll folded into its first line ("same
    /// failure ×12 since …"): an unconsented tenant polled hourly for 90 days is one line, not two thousand.
    /// </summary>
    private static IEnumerable<(DateTimeOffset At, string Text)> FailureLines(
        IEnumerable<PollRunRecord> polls,
        TokenKind? kind
    )
    {
        var runs = new List<(DateTimeOffset First, DateTimeOffset Last, int Count, string Text)>();
        var open = new Dictionary<TokenKind, int>();
        foreach (var poll in polls.OrderBy(p => p.StartedAt))
        {
            foreach (var failure in poll.Failures.Where(f => kind is null || f.Kind == kind))
            {
                var text =
                    $"not read  {failure.Kind.ToSlug()}: {failure.Code} — {Clean(failure.Message)} "
                    + $"Fix: {Clean(FailureFixes.Sentence(failure, poll.TenantId))}";
                if (open.TryGetValue(failure.Kind, out var index) && runs[index].Text == text)
                {
                    runs[index] = runs[index] with { Last = poll.StartedAt, Count = runs[index].Count + 1 };
                    continue;
                }

                open[failure.Kind] = runs.Count;
                runs.Add((poll.StartedAt, poll.StartedAt, 1, text));
            }
        }

        return runs.Select(r =>
            (
                r.First,
                r.Count == 1 ? r.Text : $"{r.Text} (same failure ×{r.Count} since {Time(r.First)}, last {Time(r.Last)})"
            )
        );
    }

    private static string Describe(ObservedChange change, TokenObservation? before)
    {
        if (change.Observation is not { } now)
        {
            return "removed";
        }

        var values = Fields
            .Select(f => (f.Label, Before: before is null ? null : f.Value(before), After: f.Value(now)))
            .Where(f => before is null ? f.After is not null : f.Before != f.After)
            .Select(f =>
                before is null
                    ? $"{f.Label} {Clean(f.After!)}"
                    : $"{f.Label} {Clean(f.Before ?? "—")} → {Clean(f.After ?? "—")}"
            )
            .ToList();
        return $"{change.Change}: {(values.Count == 0 ? "(no visible difference)" : string.Join(", ", values))}";
    }

    private static IEnumerable<(DateTimeOffset At, int Order, string Text)> DigestLines(
        IEnumerable<OutboxEntry> outbox,
        string? key
    )
    {
        foreach (var entry in outbox)
        {
            var events = entry.Events.Where(e => key is null || e.Token?.Key == key).ToList();
            if (events.Count > 0)
            {
                yield return (entry.SentAt ?? entry.CreatedAt, 2, DescribeDigest(entry, events));
            }
        }
    }

    private static string DescribeDigest(OutboxEntry entry, IReadOnlyList<AlertEvent> events)
    {
        var head = entry.Status switch
        {
            OutboxStatus.Sent =>
                $"sent      {Clean(entry.Subject ?? entry.DigestId)} → {string.Join(", ", entry.Recipients)}",
            OutboxStatus.Pending => $"pending   digest {entry.DigestId}, {entry.Attempts} attempts"
                + (entry.LastError is null ? "" : $", last: {Clean(entry.LastError)}"),
            OutboxStatus.Failed =>
                $"failed    digest {entry.DigestId} refused by the provider: {Clean(entry.LastError ?? "")}",
            OutboxStatus.Superseded =>
                $"merged    digest {entry.DigestId} was not sent; its events went out with a later digest",
            _ => "snoozed   recorded, not sent",
        };
        return head
            + string.Concat(
                events.Select(e =>
                    $"{Environment.NewLine}{Indent}{e.Kind.ToString().ToLowerInvariant()}: "
                    + $"{EventWording.Title(e)} {EventWording.Headline(e)}"
                )
            );
    }

    /// <summary>
    /// Graph-sourced text on one line, without control characters (it must not rewrite the terminal), and bounded.
    /// </summary>
    private static string Clean(string value) => Words.Clean(value, 300);

    private static string Time(DateTimeOffset value) => Words.Date(value);

    private static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;
}
