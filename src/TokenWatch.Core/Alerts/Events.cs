using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Alerts;

/// <summary>
/// Builds the two shapes of <see cref="AlertEvent"/>: about a token, and about a tenant's monitoring.
/// </summary>
internal static class Events
{
    public static AlertEvent Token(
        AlertEventKind kind,
        HealthStatus severity,
        TokenObservation token,
        TokenHealth? health,
        DateTimeOffset now,
        Condition? condition = null
    ) =>
        new()
        {
            Kind = kind,
            Severity = severity,
            At = now,
            Condition = condition,
            Token = token,
            Health = health,
        };

    public static AlertEvent Monitoring(
        AlertEventKind kind,
        HealthStatus severity,
        PollFailure failure,
        IEnumerable<TokenKind> endpoints,
        DateTimeOffset now
    ) =>
        new()
        {
            Kind = kind,
            Severity = severity,
            At = now,
            Failure = failure,
            Endpoints = [.. endpoints],
        };

    /// <summary>
    /// A token gone is critical when the tenant cannot work without it (no push certificate: no Apple device can be
    /// reached), a warning otherwise (an ADE or VPP token removed on purpose is routine).
    /// </summary>
    public static HealthStatus RemovedSeverity(TokenKind kind) =>
        kind switch
        {
            TokenKind.Apns => HealthStatus.Critical,
            TokenKind.Ade or TokenKind.Vpp => HealthStatus.Warning,
        };
}
