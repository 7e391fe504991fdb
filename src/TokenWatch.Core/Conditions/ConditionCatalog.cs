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
    private const string GraphResources =
        "Microsoft Graph: \"depOnboardingSetting\", \"vppToken\" and "
        + "\"applePushNotificationCertificate\" resource types.";

    private const string ConnectorStatus = "Microsoft Intune: \"Tenant status\" → Connector status";
    private const string VppDoc = "Microsoft Intune: \"Manage Apple volume-purchased apps\"";
    private const string PushCertificateDoc = "Microsoft Intune: \"Get an Apple MDM push certificate\"";
    private const string AdeRenewalDoc = "Microsoft Intune: \"Renew an ADE token\"";

    private static readonly TokenKind[] AllKinds = Enum.GetValues<TokenKind>();
    private static readonly TokenKind[] Synced = [.. TokenKinds.All.Where(d => d.Sync is not null).Select(d => d.Kind)];

    /// <summary>How far a last sync may lie ahead of TokenWatch's clock (clocks drift) before it is not
    /// believed.</summary>
    private static readonly TimeSpan FutureSyncTolerance = TimeSpan.FromDays(1);

    private static readonly Dictionary<Condition, ConditionDescriptor> Descriptors = Enum.GetValues<Condition>()
        .ToDictionary(c => c, Build);

    private static readonly Dictionary<string, Condition> ByCode = Descriptors.Values.ToDictionary(
        d => d.Code,
        d => d.Condition,
        StringComparer.Ordinal
    );

    /// <summary>Every condition, in the order their reasons are listed.</summary>
    public static IReadOnlyList<ConditionDescriptor> All { get; } = [.. Descriptors.Values.OrderBy(d => d.Condition)];

    public static ConditionDescriptor Describe(this Condition condition) => Descriptors[condition];

    /// <summary>The stable code, e.g. <c>sync-error</c>.</summary>
    public static string Code(this Condition condition) => Descriptors[condition].Code;

    public static bool TryParse(string? code, out Condition condition) => ByCode.TryGetValue(code ?? "", out condition);

    private static ConditionDescriptor Build(Condition condition) =>
        condition switch
        {
            Condition.Unparseable => New(condition, AllKinds, HealthStatus.Unknown, Unreadable) with
            {
                Explain = _ => UnreadableRule,
                Source = $"TokenWatch: what it cannot read is never healthy. {GraphResources}",
            },
            Condition.MissingExpiry => New(condition, AllKinds, HealthStatus.Unknown, i =>
                When(i.Token.ExpiresAt is null, condition)
            ) with
            {
                Explain = _ => "Graph reports no expiry date.",
                Source = GraphResources,
            },
            Condition.Expired => New(condition, AllKinds, HealthStatus.Critical, Expired) with
            {
                IsError = true,
                ClearedByRenewal = true,
                Explain = _ => "The expiry date has passed, or Intune reports a VPP token's state as `expired`.",
                Source = $"{ConnectorStatus} (unhealthy when expired); Graph vppToken `state`.",
            },
            Condition.Expiring => New(condition, AllKinds, HealthStatus.Warning, Expiring) with
            {
                IsCountdown = true,
                CoveredBy = Condition.Expired,
                ClearedByRenewal = true,
                Explain = t => $"The token expires within {t.ExpiryWarningDays} days (Intune's own warning: 7 days).",
                Source = $"{ConnectorStatus} (warning within 7 days).",
            },
            Condition.SyncError => New(condition, [TokenKind.Ade], HealthStatus.Critical, i =>
                When(SyncErrorRule.IsCurrent(i.Token, i.Now), condition)
            ) with
            {
                IsError = true,
                Explain = _ => SyncErrorRule.Explanation,
                Source = SyncErrorRule.Sources,
            },
            Condition.InvalidState => New(condition, [TokenKind.Vpp], HealthStatus.Critical, i =>
                When(i.Token.State is { } state && StateRules.BrokenVppStates.Contains(state), condition)
            ) with
            {
                IsError = true,
                Explain = _ => InvalidStateRule,
                Source = $"{VppDoc}; Microsoft Graph: \"vppTokenState enum\".",
            },
            Condition.UnrecognizedState => New(condition, [TokenKind.Vpp, TokenKind.Apns], HealthStatus.Unknown, i =>
                StateRules.Unrecognized(i.Token)
            ) with
            {
                Explain = _ => StateRules.UnrecognizedExplanation,
                Source =
                    $"TokenWatch: a value it does not know is shown, not trusted. {GraphResources} "
                    + StateRules.UnrecognizedSources,
            },
            Condition.SyncFailed => New(condition, [TokenKind.Vpp], HealthStatus.Critical, i =>
                When(Is(i.Token.SyncStatus, "failed"), condition)
            ) with
            {
                IsError = true,
                Explain = _ => "A VPP token's `lastSyncStatus` is `failed`.",
                Source = "Microsoft Graph: \"vppTokenSyncStatus enum\".",
            },
            Condition.NeverSynced => New(condition, Synced, HealthStatus.Unknown, i =>
                When(i.Token.LastSyncAt is null, condition)
            ) with
            {
                Explain = _ => "Graph reports no successful sync of an ADE or VPP token at all.",
                Source = GraphResources,
            },
            Condition.SyncStale => New(condition, Synced, HealthStatus.Warning, Stale) with
            {
                SymptomOf = [Condition.SyncError, Condition.Expired],
                Explain = t =>
                    $"No successful sync: ADE for more than {t.AdeSyncWarningHours} h (warning) or "
                    + $"{t.AdeSyncCriticalHours} h (critical), VPP for more than {t.VppSyncWarningHours} h (warning) "
                    + "or "
                    + $"{t.VppSyncCriticalHours} h (critical). Not told while a sync error or expiry explains it.",
                Source = StaleSource,
            },
            Condition.UploadFailed => New(condition, [TokenKind.Apns], HealthStatus.Critical, i =>
                When(i.Token.State is { } status && StateRules.UploadFailedStatuses.Contains(status), condition)
            ) with
            {
                IsError = true,
                Explain = _ =>
                    "The push certificate's `certificateUploadStatus` says failed; a failure reason beside a "
                    + "success status is a leftover and not a failure.",
                Source =
                    "Microsoft Graph: \"applePushNotificationCertificate resource type\" (the values are "
                    + "undocumented).",
            },
            Condition.NotConfigured => New(
                condition,
                [TokenKind.Apns],
                HealthStatus.Critical,
                TenantRules.NoPushCertificate
            ) with
            {
                Explain = _ => NotConfiguredRule,
                Source = $"{PushCertificateDoc}.",
            },
            Condition.PersonalAppleId => New(condition, AllKinds, HealthStatus.Warning, PersonalAppleId) with
            {
                Explain = PersonalRule,
                Source =
                    $"{PushCertificateDoc} (a company address that more than one person monitors); {AdeRenewalDoc}; "
                    + "Apple Business User Guide (a dedicated Managed Apple Account with its own role).",
            },
            Condition.SingleOwner => New(condition, AllKinds, HealthStatus.Warning, TenantRules.SingleOwner) with
            {
                Explain = _ => SingleOwnerRule,
                Source = SingleOwnerSource,
            },
            Condition.NoDefaultProfile
            or Condition.DevicesUnassigned
            or Condition.EnrollmentFailed
            or Condition.EnrollmentBlocked
            or Condition.IntuneReportsUnhealthy => Enrollment(condition),
        };

    private const string UnreadableRule =
        "A field Graph sent cannot be read (wrong type, invalid date), or a last sync lies more than a day ahead of "
        + "TokenWatch's clock.";

    private const string InvalidStateRule =
        "A VPP token's `state` is `invalid`, `assignedToExternalMDM` or `duplicateLocationId` (the advice names the "
        + "token to keep: deleting one deletes its apps and assignments).";

    private const string NotConfiguredRule =
        "The tenant has no Apple MDM push certificate: critical when it has ADE or VPP tokens (no Apple device can be "
        + "managed), otherwise reported as a fact.";

    private static string PersonalRule(HealthThresholds t) =>
        "The Apple ID is at a consumer mail domain: a warning (told once) for the push certificate, which must be "
        + "renewed with it; on ADE and VPP tokens, where it is a reminder typed at upload, a fact with Apple's advice. "
        + $"Domains: {t.PersonalAppleIdDomains.Replace(",", ", ", StringComparison.Ordinal)}.";

    /// <summary>The conditions judged from the enrollment scan, described beside their rules.</summary>
    private static ConditionDescriptor Enrollment(Condition condition) =>
        EnrollmentConditions.Build(condition, severity => New(condition, [], severity, _ => []));

    private const string StaleSource =
        $"{ConnectorStatus} (warning after 1 day, unhealthy at 3 days); Microsoft Intune: \"Enroll iOS/iPadOS devices "
        + $"by using ADE\" (a delta sync every 12 hours); {VppDoc} (location tokens sync once a day).";

    private const string SingleOwnerRule =
        "The push certificate's Apple ID, which every renewal of it needs, is also the one typed on every ADE and "
        + "VPP token of the tenant (told once, on the certificate). On ADE and VPP tokens the Apple ID is a reminder "
        + "typed at upload, so a shared one there is no renewal risk: without a push certificate nothing is told.";

    private const string SingleOwnerSource =
        $"{PushCertificateDoc}; {AdeRenewalDoc} (another Apple ID does not affect enrolled devices); "
        + "Apple Business User Guide (tokens are downloaded by Managed Apple Accounts with a role).";

    private static ConditionDescriptor New(
        Condition condition,
        IReadOnlyList<TokenKind> kinds,
        HealthStatus severity,
        Func<RuleInput, IEnumerable<HealthReason>> detect
    ) =>
        new()
        {
            Condition = condition,
            Code = JsonNamingPolicy.KebabCaseLower.ConvertName(condition.ToString()),
            Kinds = kinds,
            Severity = severity,
            Detect = detect,
            Explain = _ => "",
            Source = "",
        };

    internal static IEnumerable<HealthReason> When(bool holds, Condition condition, string? detail = null) =>
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

    /// <summary>The date has passed, or (VPP) Intune says so while the date has not; detail: the field that says
    /// it.</summary>
    private static IEnumerable<HealthReason> Expired(RuleInput i) =>
        i.Token.ExpiresAt is { } at && at <= i.Now
            ? When(true, Condition.Expired, "expirationDateTime")
            : When(i.Token.Kind == TokenKind.Vpp && Is(i.Token.State, "expired"), Condition.Expired, "state");

    private static IEnumerable<HealthReason> Expiring(RuleInput i) =>
        When(
            i.Token.ExpiresAt is { } at
                && at > i.Now
                && at - i.Now <= TimeSpan.FromDays(i.Thresholds.ExpiryWarningDays),
            Condition.Expiring
        );

    private static IEnumerable<HealthReason> Stale(RuleInput i)
    {
        if (
            i.Token.LastSyncAt is not { } lastSync
            || SyncInFuture(i)
            || i.Thresholds.SyncOf(i.Token.Kind) is not { } window
        )
        {
            return [];
        }

        var age = i.Now - lastSync;
        return age >= window.Critical ? [new(Condition.SyncStale, HealthStatus.Critical)]
            : age > window.Warning ? [new(Condition.SyncStale, HealthStatus.Warning)]
            : [];
    }

    /// <summary>A renewal risk only on the push certificate; a fact on ADE and VPP tokens.</summary>
    private static IEnumerable<HealthReason> PersonalAppleId(RuleInput i) =>
        i.Thresholds.IsPersonal(i.Token.AppleId)
            ? [new(Condition.PersonalAppleId, i.Token.Kind == TokenKind.Apns ? HealthStatus.Warning : HealthStatus.Ok)]
            : [];

    private static bool SyncInFuture(RuleInput i) =>
        i.Token.Kind.Describe().Sync is not null && i.Token.LastSyncAt is { } at && at - i.Now > FutureSyncTolerance;

    private static bool Is(string? value, string expected) =>
        string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);
}
