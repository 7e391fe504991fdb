using System.Globalization;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Health;

/// <summary>
/// The one place that decides a token's severity. Anything TokenWatch cannot judge is <c>unknown</c> with a
/// reason, never <c>ok</c>: a monitor that reassures on data it did not understand is worse than none.
/// </summary>
public sealed class HealthRules(HealthThresholds thresholds)
{
    /// <summary>VPP <c>state</c> values that stop app licences from syncing.</summary>
    private static readonly HashSet<string> BrokenVppStates =
        new(["invalid", "expired", "assignedToExternalMDM", "duplicateLocationId"], StringComparer.OrdinalIgnoreCase);

    /// <summary>VPP <c>lastSyncStatus</c> values Graph documents; another one is shown, and judged unknown.</summary>
    private static readonly HashSet<string> KnownVppSyncStatuses =
        new(["none", "inProgress", "completed", "failed"], StringComparer.OrdinalIgnoreCase);

    /// <summary>How far a last sync may lie ahead of TokenWatch's clock (clocks drift) before the date is not believed.</summary>
    private static readonly TimeSpan FutureSyncTolerance = TimeSpan.FromDays(1);

    public HealthThresholds Thresholds { get; } = thresholds;

    public TokenHealth Evaluate(TokenObservation token, DateTimeOffset now)
    {
        var reasons = new List<HealthReason>();
        if (token.NotConfigured)
        {
            reasons.Add(new(ReasonCodes.NotConfigured, HealthStatus.Ok,
                "No Apple MDM push certificate is configured in this tenant."));
            return new TokenHealth(HealthStatus.Ok, reasons, null);
        }

        foreach (var problem in token.Problems)
        {
            reasons.Add(new(ReasonCodes.Unparseable, HealthStatus.Unknown, $"Graph sent data TokenWatch could not read: {problem}"));
        }

        var days = AddExpiryReasons(token, now, reasons);
        switch (token.Kind)
        {
            case TokenKind.Ade:
                AddAdeReasons(token, now, reasons);
                break;
            case TokenKind.Vpp:
                AddVppReasons(token, now, reasons);
                break;
            case TokenKind.Apns:
                if (!string.IsNullOrWhiteSpace(token.FailureReason))
                {
                    reasons.Add(new(ReasonCodes.UploadFailed, HealthStatus.Critical,
                        $"The last certificate upload failed: {token.FailureReason}"));
                }
                break;
        }

        return new TokenHealth(reasons.Select(r => r.Status).Worst(), reasons, days);
    }

    /// <summary>Whole days left, rounded down: a token expiring in 29 days and 23 hours has 29 days left.</summary>
    public static int DaysUntil(DateTimeOffset expiresAt, DateTimeOffset now) =>
        (int)Math.Floor((expiresAt - now).TotalDays);

    private int? AddExpiryReasons(TokenObservation token, DateTimeOffset now, List<HealthReason> reasons)
    {
        if (token.ExpiresAt is not { } expiresAt)
        {
            reasons.Add(new(ReasonCodes.MissingExpiry, HealthStatus.Unknown, "Graph did not report an expiry date."));
            return null;
        }

        var days = DaysUntil(expiresAt, now);
        if (expiresAt <= now)
        {
            reasons.Add(new(ReasonCodes.Expired, HealthStatus.Critical, $"Expired on {Format(expiresAt)}."));
        }
        else if (expiresAt - now <= TimeSpan.FromDays(Thresholds.ExpiryWarningDays))
        {
            reasons.Add(new(ReasonCodes.Expiring, HealthStatus.Warning,
                $"Expires on {Format(expiresAt)} ({DaysText(days)} left)."));
        }

        return days;
    }

    private void AddAdeReasons(TokenObservation token, DateTimeOffset now, List<HealthReason> reasons)
    {
        if (token.SyncErrorCode is { } code && code != 0)
        {
            reasons.Add(new(ReasonCodes.SyncError, HealthStatus.Critical, AdeSyncErrors.Describe(code)));
        }

        AddSyncAgeReason(token, now, reasons, criticalAfter: TimeSpan.FromHours(Thresholds.SyncCriticalHours));
    }

    private void AddVppReasons(TokenObservation token, DateTimeOffset now, List<HealthReason> reasons)
    {
        var state = token.State;
        if (string.IsNullOrWhiteSpace(state))
        {
            reasons.Add(new(ReasonCodes.UnrecognizedState, HealthStatus.Unknown, "Graph did not report the token's state."));
        }
        else if (string.Equals(state, "expired", StringComparison.OrdinalIgnoreCase))
        {
            if (!reasons.Any(r => r.Code == ReasonCodes.Expired))
            {
                reasons.Add(new(ReasonCodes.Expired, HealthStatus.Critical, "Intune reports the token as expired."));
            }
        }
        else if (BrokenVppStates.Contains(state))
        {
            reasons.Add(new(ReasonCodes.InvalidState, HealthStatus.Critical, $"Intune reports the token state as '{state}'."));
        }
        else if (!string.Equals(state, "valid", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add(new(ReasonCodes.UnrecognizedState, HealthStatus.Unknown,
                $"Intune reports a token state TokenWatch does not know: '{state}'."));
        }

        if (string.Equals(token.SyncStatus, "failed", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add(new(ReasonCodes.SyncFailed, HealthStatus.Critical, "The last sync with Apple failed."));
        }
        else if (!string.IsNullOrWhiteSpace(token.SyncStatus) && !KnownVppSyncStatuses.Contains(token.SyncStatus))
        {
            reasons.Add(new(ReasonCodes.UnrecognizedState, HealthStatus.Unknown,
                $"Intune reports a sync status TokenWatch does not know: '{token.SyncStatus}'."));
        }

        AddSyncAgeReason(token, now, reasons, criticalAfter: null);
    }

    private void AddSyncAgeReason(TokenObservation token, DateTimeOffset now, List<HealthReason> reasons, TimeSpan? criticalAfter)
    {
        if (token.LastSyncAt is not { } lastSync)
        {
            reasons.Add(new(ReasonCodes.NeverSynced, HealthStatus.Unknown, "Graph reports no successful sync with Apple."));
            return;
        }

        if (lastSync - now > FutureSyncTolerance)
        {
            // A sync "in the future" would never turn stale: the token could stop syncing unnoticed.
            reasons.Add(new(ReasonCodes.Unparseable, HealthStatus.Unknown, $"Graph reports a last sync in the future ({Format(lastSync)}); it cannot be judged."));
            return;
        }

        var age = now - lastSync;
        if (criticalAfter is { } critical && age >= critical)
        {
            reasons.Add(new(ReasonCodes.SyncStale, HealthStatus.Critical, $"Last successful sync {AgeText(age)} ago ({Format(lastSync)})."));
        }
        else if (age > TimeSpan.FromHours(Thresholds.SyncWarningHours))
        {
            reasons.Add(new(ReasonCodes.SyncStale, HealthStatus.Warning, $"Last successful sync {AgeText(age)} ago ({Format(lastSync)})."));
        }
    }

    private static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string DaysText(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string AgeText(TimeSpan age) =>
        age.TotalHours < 48 ? $"{(int)age.TotalHours} hours" : $"{(int)age.TotalDays} days";
}
