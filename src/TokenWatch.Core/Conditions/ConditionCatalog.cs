using System.Text.Json;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// The closed catalog of conditions: one descriptor each, with the rule that finds it. Its switch has no fallback,
/// so a new <see cref="Condition"/> does not compile until it is described here (and worded in
/// <see cref="Notifications.ConditionWording"/> and <see cref="Notifications.Remediation"/>).
/// </summary>
public static class ConditionCatalog
{
    private static readonly TokenKind[] Synced = [TokenKind.Ade, TokenKind.Vpp];

    /// <summary>VPP <c>state</c> values that stop app licences from syncing (<c>expired</c> is its own condition).</summary>
    private static readonly HashSet<string> BrokenVppStates =
        new(["invalid", "assignedToExternalMDM", "duplicateLocationId"], StringComparer.OrdinalIgnoreCase);

    /// <summary>VPP <c>state</c> values Graph documents.</summary>
    private static readonly HashSet<string> KnownVppStates =
        new(["valid", "expired", .. BrokenVppStates], StringComparer.OrdinalIgnoreCase);

    /// <summary>VPP <c>lastSyncStatus</c> values Graph documents; another one is shown, and judged unknown.</summary>
    private static readonly HashSet<string> KnownVppSyncStatuses =
        new(["none", "inProgress", "completed", "failed"], StringComparer.OrdinalIgnoreCase);

    /// <summary>How far a last sync may lie ahead of TokenWatch's clock (clocks drift) before it is not believed.</summary>
    private static readonly TimeSpan FutureSyncTolerance = TimeSpan.FromDays(1);

    private static readonly Dictionary<Condition, ConditionDescriptor> Descriptors =
        Enum.GetValues<Condition>().ToDictionary(c => c, Build);

    private static readonly Dictionary<string, Condition> ByCode =
        Descriptors.Values.ToDictionary(d => d.Code, d => d.Condition, StringComparer.Ordinal);

    /// <summary>Every condition, in the order their reasons are listed.</summary>
    public static IReadOnlyList<ConditionDescriptor> All { get; } =
        [.. Descriptors.Values.OrderBy(d => d.Condition)];

    public static ConditionDescriptor Describe(this Condition condition) => Descriptors[condition];

    /// <summary>The stable code, e.g. <c>sync-error</c>.</summary>
    public static string Code(this Condition condition) => Descriptors[condition].Code;

    public static bool TryParse(string? code, out Condition condition) =>
        ByCode.TryGetValue(code ?? "", out condition);

    private static ConditionDescriptor Build(Condition condition) => condition switch
    {
        Condition.Unparseable => New(condition, Enum.GetValues<TokenKind>(), HealthStatus.Unknown, Unreadable),
        Condition.MissingExpiry => New(condition, Enum.GetValues<TokenKind>(), HealthStatus.Unknown,
            i => When(i.Token.ExpiresAt is null, condition)),
        Condition.Expired => New(condition, Enum.GetValues<TokenKind>(), HealthStatus.Critical, Expired) with
        {
            IsError = true,
            ClearedByRenewal = true,
        },
        Condition.Expiring => New(condition, Enum.GetValues<TokenKind>(), HealthStatus.Warning, Expiring) with
        {
            IsCountdown = true,
            CoveredBy = Condition.Expired,
            ClearedByRenewal = true,
        },
        Condition.SyncError => New(condition, [TokenKind.Ade], HealthStatus.Critical,
            i => When(i.Token.SyncErrorCode is { } code && code != 0, condition)) with { IsError = true },
        Condition.InvalidState => New(condition, [TokenKind.Vpp], HealthStatus.Critical,
            i => When(i.Token.State is { } state && BrokenVppStates.Contains(state), condition)) with { IsError = true },
        Condition.UnrecognizedState => New(condition, [TokenKind.Vpp], HealthStatus.Unknown, Unrecognized),
        Condition.SyncFailed => New(condition, [TokenKind.Vpp], HealthStatus.Critical,
            i => When(Is(i.Token.SyncStatus, "failed"), condition)) with { IsError = true },
        Condition.NeverSynced => New(condition, Synced, HealthStatus.Unknown,
            i => When(i.Token.LastSyncAt is null, condition)),
        Condition.SyncStale => New(condition, Synced, HealthStatus.Warning, Stale) with
        {
            SymptomOf = [Condition.SyncError, Condition.Expired],
        },
        Condition.UploadFailed => New(condition, [TokenKind.Apns], HealthStatus.Critical,
            i => When(!string.IsNullOrWhiteSpace(i.Token.FailureReason), condition)) with { IsError = true },
        Condition.NotConfigured => New(condition, [TokenKind.Apns], HealthStatus.Ok,
            i => When(i.Token.NotConfigured, condition)),
    };

    private static ConditionDescriptor New(
        Condition condition, IReadOnlyList<TokenKind> kinds, HealthStatus severity,
        Func<RuleInput, IEnumerable<HealthReason>> detect) => new()
    {
        Condition = condition,
        Code = JsonNamingPolicy.KebabCaseLower.ConvertName(condition.ToString()),
        Kinds = kinds,
        Severity = severity,
        Detect = detect,
    };

    private static IEnumerable<HealthReason> When(bool holds, Condition condition, string? detail = null) =>
        holds ? [new HealthReason(condition, condition.Describe().Severity, detail)] : [];

    /// <summary>Each field Graph sent that could not be read, and a last sync too far ahead to be believed.</summary>
    private static IEnumerable<HealthReason> Unreadable(RuleInput i)
    {
        foreach (var problem in i.Token.Problems)
        {
            yield return new(Condition.Unparseable, HealthStatus.Unknown, problem);
        }

        if (SyncInFuture(i))
        {
            // A sync "in the future" would never turn stale: the token could stop syncing unnoticed.
            yield return new(Condition.Unparseable, HealthStatus.Unknown);
        }
    }

    /// <summary>The date has passed, or (VPP) Intune says so while the date has not; detail: the field that says it.</summary>
    private static IEnumerable<HealthReason> Expired(RuleInput i) =>
        i.Token.ExpiresAt is { } at && at <= i.Now ? When(true, Condition.Expired, "expirationDateTime")
        : When(i.Token.Kind == TokenKind.Vpp && Is(i.Token.State, "expired"), Condition.Expired, "state");

    private static IEnumerable<HealthReason> Expiring(RuleInput i) => When(
        i.Token.ExpiresAt is { } at && at > i.Now && at - i.Now <= TimeSpan.FromDays(i.Thresholds.ExpiryWarningDays),
        Condition.Expiring);

    /// <summary>Detail: the field TokenWatch does not understand (<c>state</c>, <c>lastSyncStatus</c>); null: no state.</summary>
    private static IEnumerable<HealthReason> Unrecognized(RuleInput i)
    {
        if (string.IsNullOrWhiteSpace(i.Token.State))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown);
        }
        else if (!KnownVppStates.Contains(i.Token.State))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown, "state");
        }

        if (!string.IsNullOrWhiteSpace(i.Token.SyncStatus) && !KnownVppSyncStatuses.Contains(i.Token.SyncStatus))
        {
            yield return new(Condition.UnrecognizedState, HealthStatus.Unknown, "lastSyncStatus");
        }
    }

    private static IEnumerable<HealthReason> Stale(RuleInput i)
    {
        if (i.Token.LastSyncAt is not { } lastSync || SyncInFuture(i))
        {
            return [];
        }

        var age = i.Now - lastSync;
        var critical = i.Token.Kind == TokenKind.Ade && age >= TimeSpan.FromHours(i.Thresholds.SyncCriticalHours);
        return critical ? [new(Condition.SyncStale, HealthStatus.Critical)]
            : When(age > TimeSpan.FromHours(i.Thresholds.SyncWarningHours), Condition.SyncStale);
    }

    private static bool SyncInFuture(RuleInput i) =>
        i.Token.Kind != TokenKind.Apns && i.Token.LastSyncAt is { } at && at - i.Now > FutureSyncTolerance;

    private static bool Is(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
