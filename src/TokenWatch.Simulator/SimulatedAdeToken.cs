namespace TokenWatch.Simulator;

/// <summary>An ADE (DEP) token as the simulated tenant serves it from Graph beta.</summary>
public sealed class SimulatedAdeToken : SimulatedItem
{
    public required string Id { get; init; }
    public string? TokenName { get; set; }
    public string? AppleIdentifier { get; set; }
    public string TokenType { get; set; } = "dep";
    public DateTimeOffset? TokenExpirationDateTime { get; set; }

    /// <summary>
    /// While true the token syncs with Apple every 12 hours of simulated time; when false the last sync stays where it
    /// was.
    /// </summary>
    public bool Syncing { get; set; } = true;
    public DateTimeOffset? LastSuccessfulSyncDateTime { get; set; }

    /// <summary>
    /// When Intune last started a sync; null: the latest 12-hour mark, when Intune starts its delta sync.
    /// </summary>
    public DateTimeOffset? LastSyncTriggeredDateTime { get; set; }

    /// <summary>
    /// Apple's error of the latest sync; while it is not 0 a syncing token's last success stays behind.
    /// </summary>
    public int LastSyncErrorCode { get; set; }
    public int SyncedDeviceCount { get; set; } = 100;

    /// <summary>What <c>importedAppleDeviceIdentities</c> serves, in pages of the tenant's
    /// <see cref="SimulatedTenant.DevicePageSize"/>.</summary>
    public List<SimulatedDevice> Devices { get; } = [];

    /// <summary>
    /// Platform (<c>ios</c>, <c>macOS</c>) to its default profile's id; a platform not here has none.
    /// </summary>
    public Dictionary<string, string> DefaultProfiles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public NoDefaultAnswer NoDefaultAnswer { get; set; } = NoDefaultAnswer.NotFound;
}
