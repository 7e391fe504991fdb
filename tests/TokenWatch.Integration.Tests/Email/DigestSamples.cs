using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>
/// Digests for every event kind, built the way the evaluation builds them: real health rules judge the tokens
/// and <see cref="DigestComposer.Compose"/> orders the events. Fixed dates, so every render is the same.
/// </summary>
internal static class DigestSamples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 20, 8, 0, 0, TimeSpan.Zero);

    public static readonly MonitoredTenant Contoso = new(
        "8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b",
        "Contoso",
        ["intune-admins@contoso.example", "it-ops@contoso.example"]
    );

    private static readonly HealthRules Rules = new(new HealthThresholds());

    public static TokenObservation Ade(string? name = "Contoso ABM - Corporate iPhones") =>
        new()
        {
            TenantId = Contoso.TenantId,
            Kind = TokenKind.Ade,
            Id = "9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10",
            Name = name,
            AppleId = "abm-admin@contoso.example",
            ExpiresAt = Now.AddDays(238).AddHours(1.2),
            LastSyncAt = Now.AddHours(-2).AddMinutes(-20),
            SyncErrorCode = 0,
            TokenType = "dep",
        };

    public static TokenObservation Vpp() =>
        new()
        {
            TenantId = Contoso.TenantId,
            Kind = TokenKind.Vpp,
            Id = "3f1d7c2a-8e4b-4a6f-b1c9-5d2e8f7a6b3c",
            Name = "Contoso Apps and Books",
            AppleId = "vpp-admin@contoso.example",
            ExpiresAt = Now.AddDays(182).AddHours(3),
            LastSyncAt = Now.AddHours(-5),
            State = "valid",
            SyncStatus = "completed",
            TokenType = "business",
        };

    public static TokenObservation Apns() =>
        new()
        {
            TenantId = Contoso.TenantId,
            Kind = TokenKind.Apns,
            Id = "apns",
            Name = "Apple MDM push certificate",
            AppleId = "intune-apns@contoso.example",
            ExpiresAt = Now.AddDays(29).AddHours(6),
            State = "succeeded",
            TopicId = "com.apple.mgmt.External.5c2d8a1e-7b3f-4e9a-a6c4-0d1e2f3a4b5c",
        };

    public static AlertEvent Entered(TokenObservation token, Condition condition)
    {
        var health = Rules.Evaluate(token, Now);
        var reason = health.Reasons.Single(r => r.Condition == condition);
        return new AlertEvent
        {
            Kind = AlertEventKind.Entered,
            Severity = reason.Status,
            At = Now,
            Condition = condition,
            Token = token,
            Health = health,
        };
    }

    private static AlertEvent Event(
        AlertEventKind kind,
        HealthStatus severity,
        Condition? condition,
        TokenObservation token,
        TokenObservation? previous = null,
        int? milestone = null
    ) =>
        new()
        {
            Kind = kind,
            Severity = severity,
            At = Now,
            Condition = condition,
            Token = token,
            Health = Rules.Evaluate(token, Now),
            Previous = previous,
            MilestoneDays = milestone,
        };

    public static AlertEvent AdeTermsNotAccepted() => Entered(Ade() with { SyncErrorCode = 3 }, Condition.SyncError);

    public static AlertEvent VppInvalid() =>
        Entered(
            Vpp() with
            {
                State = "invalid",
                SyncStatus = "failed",
                LastSyncAt = Now.AddDays(-2),
            },
            Condition.InvalidState
        );

    public static AlertEvent ApnsMilestone() =>
        Event(AlertEventKind.Milestone, HealthStatus.Warning, Condition.Expiring, Apns(), milestone: 30);

    public static AlertEvent MonitoringFailed() =>
        new()
        {
            Kind = AlertEventKind.MonitoringFailed,
            Severity = HealthStatus.Unknown,
            At = Now,
            Endpoints = [TokenKind.Apns],
            Failure = new PollFailure(
                TokenKind.Apns,
                FailureCodes.PermissionMissing,
                "Graph answered 403 Forbidden: Application is not authorized to perform this operation.",
                "Grant the application permission DeviceManagementManagedDevices.Read.All to TokenWatch's app "
                    + "and grant admin consent.",
                "7d1c5e2a-93b4-4f0e-8a61-2c3d4e5f6a7b",
                "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"
            ),
            ConsecutiveFailures = 3,
        };

    /// <summary>
    /// One digest per event kind (and per remediation that reads differently), named for the approved files.
    /// </summary>
    public static IReadOnlyDictionary<string, Digest> ByName { get; } =
        new SortedDictionary<string, Digest>(StringComparer.Ordinal)
        {
            ["entered-ade-terms-not-accepted"] = Digest(AdeTermsNotAccepted()),
            ["entered-ade-sync-error-unknown-code"] = Digest(
                Entered(Ade() with { SyncErrorCode = 7 }, Condition.SyncError)
            ),
            ["entered-ade-expired"] = Digest(Entered(Ade() with { ExpiresAt = Now.AddDays(-3) }, Condition.Expired)),
            ["entered-vpp-invalid"] = Digest(VppInvalid()),
            ["entered-vpp-unrecognized-state"] = Digest(
                Entered(Vpp() with { State = "suspendedByApple" }, Condition.UnrecognizedState)
            ),
            ["entered-apns-upload-failed"] = Digest(
                Entered(
                    Apns() with
                    {
                        ExpiresAt = Now.AddDays(200),
                        State = "failed",
                        FailureReason = "The certificate's Apple ID does not match the current certificate.",
                    },
                    Condition.UploadFailed
                )
            ),
            ["milestone-apns-30-days"] = Digest(ApnsMilestone()),
            ["reminder-ade-expired"] = Digest(
                Event(
                    AlertEventKind.Reminder,
                    HealthStatus.Critical,
                    Condition.Expired,
                    Ade() with
                    {
                        ExpiresAt = Now.AddDays(-10),
                        LastSyncAt = Now.AddDays(-10),
                    }
                ) with
                {
                    OpenedAt = Now.AddDays(-10),
                }
            ),
            ["recovered-ade-sync-error"] = Digest(
                Event(
                    AlertEventKind.Recovered,
                    HealthStatus.Ok,
                    Condition.SyncError,
                    Ade(),
                    previous: Ade() with
                    {
                        SyncErrorCode = 3,
                    }
                )
            ),
            ["renewed-vpp"] = Digest(
                Event(
                    AlertEventKind.Renewed,
                    HealthStatus.Ok,
                    null,
                    Vpp() with
                    {
                        ExpiresAt = Now.AddDays(365),
                    },
                    previous: Vpp() with
                    {
                        ExpiresAt = Now.AddDays(12),
                    }
                )
            ),
            ["owner-changed-ade"] = Digest(
                Event(
                    AlertEventKind.OwnerChanged,
                    HealthStatus.Warning,
                    null,
                    Ade() with
                    {
                        AppleId = "j.doe@contoso.example",
                    },
                    previous: Ade()
                )
            ),
            ["topic-changed-apns"] = Digest(
                Event(
                    AlertEventKind.TopicChanged,
                    HealthStatus.Critical,
                    null,
                    Apns() with
                    {
                        ExpiresAt = Now.AddDays(365),
                        TopicId = "com.apple.mgmt.External.e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8",
                    },
                    previous: Apns()
                )
            ),
            ["token-added-vpp"] = Digest(
                Event(
                    AlertEventKind.TokenAdded,
                    HealthStatus.Ok,
                    null,
                    Vpp() with
                    {
                        Id = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
                        Name = "Contoso Retail Stores",
                    }
                )
            ),
            ["token-removed-ade"] = Digest(Event(AlertEventKind.TokenRemoved, HealthStatus.Warning, null, Ade())),
            ["monitoring-failed-permission"] = Digest(MonitoringFailed()),
            ["monitoring-restored"] = Digest(
                new AlertEvent
                {
                    Kind = AlertEventKind.MonitoringRestored,
                    Severity = HealthStatus.Ok,
                    At = Now,
                    Failure = MonitoringFailed().Failure,
                    Endpoints = [TokenKind.Apns],
                }
            ),
            ["demo"] = Demo(),
        };

    /// <summary>
    /// What the demo's worst day looks like: two critical problems, a warning and good news, in one email.
    /// </summary>
    public static Digest Demo() =>
        DigestComposer.Compose(
            Contoso,
            [
                Event(
                    AlertEventKind.Renewed,
                    HealthStatus.Ok,
                    null,
                    Vpp() with
                    {
                        Id = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
                        Name = "Contoso Retail Stores",
                        ExpiresAt = Now.AddDays(365),
                    },
                    previous: Vpp() with
                    {
                        Id = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
                        Name = "Contoso Retail Stores",
                        ExpiresAt = Now.AddDays(9),
                    }
                ),
                ApnsMilestone(),
                VppInvalid(),
                AdeTermsNotAccepted(),
            ],
            Now
        );

    public static Digest Digest(params AlertEvent[] events) => DigestComposer.Compose(Contoso, events, Now);
}
