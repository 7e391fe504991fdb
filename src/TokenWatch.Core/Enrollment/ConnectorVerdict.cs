namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Intune's own verdict on one connector instance (Graph beta <c>connectorStatusDetails</c>): its name
/// (<c>appleDepExpirationDateTime</c>, <c>vppTokenLastSyncDateTime</c>, …), instance, health (<c>healthy</c>,
/// <c>warning</c>, <c>unhealthy</c>, <c>unknown</c>; verbatim) and event time.
/// </summary>
public sealed record ConnectorVerdict(string Name, string? InstanceId, string Status, DateTimeOffset? EventAt)
{
    /// <summary>The connector names that are about Apple (ADE, VPP, APNs), per the reference's list.</summary>
    public bool IsApple =>
        Name.StartsWith("appleDep", StringComparison.OrdinalIgnoreCase)
        || Name.StartsWith("vppToken", StringComparison.OrdinalIgnoreCase)
        || Name.StartsWith("applePushNotification", StringComparison.OrdinalIgnoreCase);
}
