namespace TokenWatch.Simulator;

/// <summary>
/// What the simulated tokens have in common: a way to make their JSON wrong on purpose. Graph is not always
/// well-behaved (beta fields come and go, types drift), and TokenWatch has to show such data, not crash on it.
/// </summary>
public abstract class SimulatedItem
{
    private readonly Dictionary<string, object?> _overrides = new(StringComparer.Ordinal);
    private readonly HashSet<string> _omitted = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends <paramref name="value"/> (any JSON-serializable value: a number, an object, null) as
    /// <paramref name="field"/>.
    /// </summary>
    public void Override(string field, object? value)
    {
        _omitted.Remove(field);
        _overrides[field] = value;
    }

    /// <summary>Leaves <paramref name="field"/> out of the JSON entirely.</summary>
    public void Omit(string field)
    {
        _overrides.Remove(field);
        _omitted.Add(field);
    }

    internal Dictionary<string, object?> Apply(Dictionary<string, object?> json)
    {
        foreach (var (field, value) in _overrides)
        {
            json[field] = value;
        }

        foreach (var field in _omitted)
        {
            json.Remove(field);
        }

        return json;
    }
}

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
}

/// <summary>
/// A VPP (Apps and Books) location token as the simulated tenant serves it: from Graph beta with every field, from
/// v1.0 without the beta-only ones (<see cref="DisplayName"/>, <see cref="LocationName"/>,
/// <see cref="TokenActionResults"/>, the state <c>duplicateLocationId</c>).
/// </summary>
public sealed class SimulatedVppToken : SimulatedItem
{
    public required string Id { get; init; }
    public string? OrganizationName { get; set; }

    /// <summary>The admin-typed token name (beta only).</summary>
    public string? DisplayName { get; set; }

    /// <summary>The Apple Business or School Manager location the token belongs to (beta only).</summary>
    public string? LocationName { get; set; }

    /// <summary>What Intune did with the token and how it went (beta only).</summary>
    public List<SimulatedVppAction> TokenActionResults { get; } = [];
    public string? AppleId { get; set; }
    public string VppTokenAccountType { get; set; } = "business";
    public DateTimeOffset? ExpirationDateTime { get; set; }
    public bool Syncing { get; set; } = true;
    public DateTimeOffset? LastSyncDateTime { get; set; }
    public string State { get; set; } = "valid";
    public string LastSyncStatus { get; set; } = "completed";
}

/// <summary>One <c>vppTokenActionResult</c>; <paramref name="ActionState"/> is Graph's, e.g. <c>failed</c>.</summary>
public sealed record SimulatedVppAction(
    string ActionName,
    string ActionState,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? LastUpdatedDateTime
);

/// <summary>The tenant's Apple MDM push certificate.</summary>
public sealed class SimulatedApnsCertificate : SimulatedItem
{
    public string Id { get; init; } = Guid.NewGuid().ToString();
    public string? AppleIdentifier { get; set; }
    public string TopicIdentifier { get; set; } = $"com.apple.mgmt.External.{Guid.NewGuid()}";
    public DateTimeOffset? ExpirationDateTime { get; set; }
    public string CertificateSerialNumber { get; set; } = "5C4D2E1F00A1";
    public string CertificateUploadStatus { get; set; } = "success";
    public string? CertificateUploadFailureReason { get; set; }
}
