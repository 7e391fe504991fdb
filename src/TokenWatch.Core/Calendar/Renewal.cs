using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Calendar;

/// <summary>
/// One token's coming renewal: the day to act (the lead milestone before expiry), the steps, and a calendar UID that
/// stays the same for this token and this expiry, so a calendar sent again updates its event instead of adding one.
/// </summary>
public sealed record Renewal(
    MonitoredTenant Tenant,
    TokenObservation Token,
    DateTimeOffset ExpiresAt,
    DateOnly ActOn,
    int DaysLeft,
    string Uid,
    RemediationAdvice Advice
);
