namespace TokenWatch.Core.Alerts;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent (again).</summary>
    Pending,

    Sent,

    /// <summary>The provider refused it for good (not a throttle or an outage); its message is kept.</summary>
    Failed,

    /// <summary>A later digest of the same tenant carries its events; it will not be sent on its own.</summary>
    Superseded,

    /// <summary>Events of snoozed tokens: recorded, never sent.</summary>
    Snoozed,

    /// <summary>No channel of the tenant takes events this mild: recorded, not sent.</summary>
    NotRouted,
}
