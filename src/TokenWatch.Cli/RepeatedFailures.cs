using System.Collections.Concurrent;
using System.Globalization;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>
/// The failures each tenant's endpoints had on the polls before this run, so that <c>run</c> logs a failure seen
/// poll after poll as one short line ("same failure ×12 since …"), not the full sentence every hour: a cron job
/// for fifty customers, one of them unconsented, mails a line that says what is new.
/// </summary>
internal sealed class RepeatedFailures
{
    /// <summary>How far back the history is read: as far as <c>history</c> shows by default.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromDays(90);

    private readonly ConcurrentDictionary<(string Tenant, string Kind), Streak> _streaks = new();

    private sealed record Streak(string Code, string Message, int Count, DateTimeOffset Since);

    /// <summary>Reads, for every tenant whose last poll failed, how long the same failure has lasted.</summary>
    public async Task LoadAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        ITokenStateStore states,
        ITokenHistory history,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        await Parallel.ForEachAsync(
            tenants,
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                var last = (await states.LoadAsync(tenant.TenantId, ct)).LastPoll;
                if (last is null || last.Succeeded)
                {
                    return;
                }

                var polls = await history.ReadFailedPollsAsync(tenant.TenantId, now - Window, ct);
                foreach (var failure in last.Failures)
                {
                    _streaks[(tenant.TenantId, failure.Kind.ToSlug())] = StreakOf(polls, failure, last.StartedAt);
                }
            }
        );
    }

    /// <summary>The short line for a poll failure logged with these fields, when it repeats the last one.</summary>
    public string? Folded(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        string? Field(string name) =>
            fields.FirstOrDefault(f => f.Key == name).Value is { } value
                ? Convert.ToString(value, CultureInfo.InvariantCulture)
                : null;
        var (tenant, kind, code, message) = (Field("TenantId"), Field("TokenKind"), Field("Cause"), Field("Reason"));
        if (
            tenant is null
            || kind is null
            || !_streaks.TryGetValue((tenant, kind), out var streak)
            || streak.Code != code
            || streak.Message != message
        )
        {
            return null;
        }

        return $"Reading {kind} of tenant {tenant} failed again ({code}): same failure ×{streak.Count + 1} "
            + $"since {streak.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC ('tokenwatch history --tenant {tenant}').";
    }

    /// <summary>The polls, newest first, that failed the same way on the failure's endpoint.</summary>
    private static Streak StreakOf(IReadOnlyList<PollRunRecord> polls, PollFailure failure, DateTimeOffset lastPoll)
    {
        var (count, since) = (0, lastPoll);
        foreach (var poll in polls.OrderByDescending(p => p.StartedAt))
        {
            var same = poll.Failures.Any(f =>
                f.Kind == failure.Kind && f.Code == failure.Code && f.Message == failure.Message
            );
            if (!same)
            {
                break;
            }

            (count, since) = (count + 1, poll.StartedAt);
        }

        return new Streak(failure.Code, failure.Message, Math.Max(count, 1), since);
    }
}
