using System.Globalization;

namespace TokenWatch.Simulator;

/// <summary>
/// The token endpoints' items as Graph serves them: ADE (beta), VPP (v1.0 and beta) and the APNs certificate.
/// </summary>
internal static class TokenEndpointJson
{
    /// <summary>The <c>vppTokenState</c> member only beta has: same location as another token.</summary>
    private const string BetaOnlyVppState = "duplicateLocationId";

    public static Dictionary<string, object?> AdeJson(SimulatedAdeToken t, DateTimeOffset now) =>
        new()
        {
            ["id"] = t.Id,
            ["appleIdentifier"] = t.AppleIdentifier,
            ["tokenExpirationDateTime"] = Iso(t.TokenExpirationDateTime),
            ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
            ["lastSuccessfulSyncDateTime"] = Iso(LastSuccess(t, now)),
            ["lastSyncTriggeredDateTime"] = Iso(t.LastSyncTriggeredDateTime ?? LastTrigger(t, now)),
            ["shareTokenWithSchoolDataSyncService"] = false,
            ["lastSyncErrorCode"] = t.LastSyncErrorCode,
            ["tokenType"] = t.TokenType,
            ["tokenName"] = t.TokenName,
            ["syncedDeviceCount"] = t.SyncedDeviceCount,
            ["dataSharingConsentGranted"] = true,
            ["roleScopeTagIds"] = new[] { "0" },
        };

    /// <summary>
    /// A VPP token as Graph serves it: beta with <c>displayName</c>, <c>locationName</c> and <c>tokenActionResults</c>;
    /// v1.0 without them, and with <c>unknown</c> (its default member) for the beta-only <c>duplicateLocationId</c>.
    /// </summary>
    public static Dictionary<string, object?> VppJson(SimulatedVppToken t, DateTimeOffset now, bool beta)
    {
        var json = new Dictionary<string, object?>
        {
            ["@odata.type"] = "#microsoft.graph.vppToken",
            ["id"] = t.Id,
            ["organizationName"] = t.OrganizationName,
            ["vppTokenAccountType"] = t.VppTokenAccountType,
            ["appleId"] = t.AppleId,
            ["expirationDateTime"] = Iso(t.ExpirationDateTime),
            ["lastSyncDateTime"] = Iso(t.Syncing ? LastSync(now) : t.LastSyncDateTime),
            ["lastModifiedDateTime"] = Iso(now.AddDays(-30)),
            ["state"] = !beta && t.State == BetaOnlyVppState ? "unknown" : t.State,
            ["token"] = "c2ltdWxhdGVkLXZwcC1zZWNyZXQ=",
            ["lastSyncStatus"] = t.LastSyncStatus,
            ["automaticallyUpdateApps"] = true,
            ["countryOrRegion"] = "us",
        };
        if (beta)
        {
            json["displayName"] = t.DisplayName;
            json["locationName"] = t.LocationName;
            json["claimTokenManagementFromExternalMdm"] = false;
            json["dataSharingConsentGranted"] = true;
            json["roleScopeTagIds"] = new[] { "0" };
            json["tokenActionResults"] = t
                .TokenActionResults.Select(a => new Dictionary<string, object?>
                {
                    ["@odata.type"] = "#microsoft.graph.vppTokenActionResult",
                    ["actionName"] = a.ActionName,
                    ["actionState"] = a.ActionState,
                    ["startDateTime"] = Iso(a.StartDateTime),
                    ["lastUpdatedDateTime"] = Iso(a.LastUpdatedDateTime),
                })
                .ToList();
        }

        return json;
    }

    public static Dictionary<string, object?> ApnsJson(SimulatedApnsCertificate c) =>
        new()
        {
            ["@odata.context"] =
                "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/applePushNotificationCertificate/$entity",
            ["id"] = c.Id,
            ["appleIdentifier"] = c.AppleIdentifier,
            ["topicIdentifier"] = c.TopicIdentifier,
            ["lastModifiedDateTime"] = "2025-11-01T00:00:00Z",
            ["expirationDateTime"] = Iso(c.ExpirationDateTime),
            ["certificateSerialNumber"] = c.CertificateSerialNumber,
            ["certificateUploadStatus"] = c.CertificateUploadStatus,
            ["certificateUploadFailureReason"] = c.CertificateUploadFailureReason,
            ["certificate"] = "LS0tLS1CRUdJTiBTSU1VTEFURUQgQ0VSVElGSUNBVEUtLS0tLQ==",
        };

    /// <summary>
    /// A syncing token succeeds at every 12-hour mark; while Apple reports an error the last success stays where it
    /// was set (or the mark before the failing one), as Intune shows a failing sync.
    /// </summary>
    private static DateTimeOffset? LastSuccess(SimulatedAdeToken t, DateTimeOffset now) =>
        !t.Syncing ? t.LastSuccessfulSyncDateTime
        : t.LastSyncErrorCode == 0 ? LastSync(now)
        : t.LastSuccessfulSyncDateTime ?? LastSync(now).AddHours(-12);

    /// <summary>
    /// A failing token's latest sync started half an hour before the latest 12-hour mark: always past the grace a
    /// running sync gets, so the error is current whatever the wall clock says.
    /// </summary>
    private static DateTimeOffset LastTrigger(SimulatedAdeToken t, DateTimeOffset now) =>
        t.LastSyncErrorCode == 0 ? LastSync(now) : LastSync(now).AddMinutes(-30);

    /// <summary>Intune syncs ADE tokens every 12 hours: the last sync is the latest 12-hour mark.</summary>
    public static DateTimeOffset LastSync(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour >= 12 ? 12 : 0);

    public static string? Iso(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
