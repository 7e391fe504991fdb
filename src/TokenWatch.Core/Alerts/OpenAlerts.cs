using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// A condition told before and still holding: told again when it got worse, or when more devices failed to enroll
/// (each is a user who could not set up the device handed to them; a number that falls and grows again is told again
/// too); else its reminder, if due.
/// </summary>
internal static class OpenAlerts
{
    /// <summary>The devices a reason is about; null for a condition that is not about devices.</summary>
    public static int? Devices(HealthReason reason) => reason.Finding?.Devices;

    /// <summary>The open alert after this decision, and whether it was told again (an escalation).</summary>
    public static (OpenAlert Entry, bool Told) Again(
        OpenAlert entry,
        HealthReason reason,
        AlertEvent entered,
        TimeSpan reminderInterval,
        List<AlertEvent> events
    )
    {
        var now = entered.At;
        if (reason.Status.Rank() > entry.Severity.Rank() || Grew(reason, entry))
        {
            events.Add(entered);
            var told = entry with { Severity = reason.Status, NotifiedAt = now, Devices = Devices(reason) };
            return (told, true);
        }

        var kept = Reminders.Decide(entry, entered, reminderInterval, now, events);
        return (kept with { Devices = Devices(reason) ?? entry.Devices }, false);
    }

    private static bool Grew(HealthReason reason, OpenAlert entry) =>
        reason.Condition == Condition.EnrollmentFailed
        && Devices(reason) is { } now
        && entry.Devices is { } before
        && now > before;
}
