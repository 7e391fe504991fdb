namespace TokenWatch.Core.Alerts;

/// <summary>The things admins are told about (see "Alert semantics" in the design notes).</summary>
public enum AlertEventKind
{
    /// <summary>A token entered a non-ok condition: error, expired, stale, invalid, or not judgeable.</summary>
    Entered,

    /// <summary>
    /// A token crossed an expiry milestone on its way to expiry (60, 30, 14, 7, 3, 1 days by default).
    /// </summary>
    Milestone,

    /// <summary>A token is still critical after the reminder interval; reminders do not stop after expiry.</summary>
    Reminder,

    /// <summary>A condition admins were told about has cleared (on enough consecutive polls not to flap).</summary>
    Recovered,

    /// <summary>A token's expiry moved forward.</summary>
    Renewed,

    /// <summary>After a renewal of an ADE or VPP token, its first successful sync: the renewal took.</summary>
    RenewalConfirmed,

    /// <summary>
    /// After a renewal, no successful sync within the confirmation window: the renewal may not have taken.
    /// </summary>
    RenewalNotConfirmed,

    /// <summary>
    /// A token's Apple ID changed (what that means differs by kind: only the push certificate's matters).
    /// </summary>
    OwnerChanged,

    /// <summary>The APNs topic changed: a new certificate, so every Apple device must re-enroll.</summary>
    TopicChanged,

    TokenAdded,
    TokenRemoved,

    /// <summary>A tenant (or one of its endpoints) could not be read several polls in a row.</summary>
    MonitoringFailed,

    /// <summary>A tenant whose monitoring failed can be read again.</summary>
    MonitoringRestored,
}
