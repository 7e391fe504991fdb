namespace TokenWatch.Core.Actions;

/// <summary>What someone did to a tenant's alerts, as the audit records it.</summary>
public enum AuditedAction
{
    Snooze,
    Acknowledge,
    Unsnooze,
}
