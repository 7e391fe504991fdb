namespace TokenWatch.Core.Actions;

/// <summary>What a signed action link lets its holder do to one alert, and nothing else.</summary>
public enum AlertActionKind
{
    /// <summary>Keep the token's events from being sent until a date (7, 14, 30 or 90 days, or a date given).</summary>
    Snooze,

    /// <summary>No reminders until the condition changes or recovers; the recovery is still sent.</summary>
    Acknowledge,

    /// <summary>
    /// Acknowledge one condition in every tenant of one incident across tenants (the ops summary's one link).
    /// </summary>
    AcknowledgeIncident,
}
