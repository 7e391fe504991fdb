using TokenWatch.Core.Health;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// The reminder of a condition told before and still as bad: a critical one is told again every interval. A time a
/// clock that ran ahead left in the ledger makes the reminder due (<see cref="LedgerTimes"/>).
/// </summary>
internal static class Reminders
{
    /// <summary>The open alert after this decision; adds the reminder to <paramref name="events"/> if due.</summary>
    public static OpenAlert Decide(
        OpenAlert entry,
        AlertEvent entered,
        TimeSpan interval,
        DateTimeOffset now,
        List<AlertEvent> events
    )
    {
        if (entered.Severity != HealthStatus.Critical || !LedgerTimes.Due(entry.NotifiedAt, now, interval))
        {
            return entry;
        }

        events.Add(
            entered with
            {
                Kind = AlertEventKind.Reminder,
                OpenedAt = LedgerTimes.NotAfter(entry.OpenedAt, now),
            }
        );
        return entry with { NotifiedAt = now };
    }
}
