using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests;

/// <summary>Token observations for tests, healthy unless a test says otherwise.</summary>
internal static class Tokens
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TokenObservation Ade(
        int daysLeft = 200,
        int syncError = 0,
        double syncedHoursAgo = 2,
        string id = "ade-1"
    ) =>
        new()
        {
            TenantId = "t1",
            Kind = TokenKind.Ade,
            Id = id,
            Name = "Main ABM",
            AppleId = "abm@contoso.com",
            ExpiresAt = Now.AddDays(daysLeft),
            LastSyncAt = Now.AddHours(-syncedHoursAgo),
            SyncErrorCode = syncError,
            TokenType = "dep",
        };

    public static TokenObservation Vpp(string state = "valid", string syncStatus = "completed", int daysLeft = 200) =>
        new()
        {
            TenantId = "t1",
            Kind = TokenKind.Vpp,
            Id = "vpp-1",
            Name = "Apps and Books",
            AppleId = "vpp@contoso.com",
            ExpiresAt = Now.AddDays(daysLeft),
            LastSyncAt = Now.AddHours(-3),
            State = state,
            SyncStatus = syncStatus,
        };

    public static TokenObservation Apns(int daysLeft = 200, string? failure = null) =>
        new()
        {
            TenantId = "t1",
            Kind = TokenKind.Apns,
            Id = "apns",
            Name = "Apple MDM push certificate",
            AppleId = "apns@contoso.com",
            ExpiresAt = Now.AddDays(daysLeft),
            State = failure is null ? "success" : "failed",
            FailureReason = failure,
            TopicId = "com.apple.mgmt.External.1",
        };
}
