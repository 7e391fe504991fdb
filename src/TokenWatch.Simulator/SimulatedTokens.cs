namespace TokenWatch.Simulator;

/// <summary>An ADE (DEP) token as the simulated tenant serves it from Graph beta.</summary>
public sealed class SimulatedAdeToken
{
    public required string Id { get; init; }
    public string? TokenName { get; set; }
    public string? AppleIdentifier { get; set; }
    public string TokenType { get; set; } = "dep";
    public DateTimeOffset? TokenExpirationDateTime { get; set; }

    /// <summary>While true the token syncs with Apple every 12 hours of simulated time; when false the last sync stays where it was.</summary>
    public bool Syncing { get; set; } = true;
    public DateTimeOffset? LastSuccessfulSyncDateTime { get; set; }
    public int LastSyncErrorCode { get; set; }
    public int SyncedDeviceCount { get; set; } = 100;
}

/// <summary>A VPP (Apps and Books) location token as the simulated tenant serves it.</summary>
public sealed class SimulatedVppToken
{
    public required string Id { get; init; }
    public string? OrganizationName { get; set; }
    public string? DisplayName { get; set; }
    public string? AppleId { get; set; }
    public string VppTokenAccountType { get; set; } = "business";
    public DateTimeOffset? ExpirationDateTime { get; set; }
    public bool Syncing { get; set; } = true;
    public DateTimeOffset? LastSyncDateTime { get; set; }
    public string State { get; set; } = "valid";
    public string LastSyncStatus { get; set; } = "completed";
}

/// <summary>The tenant's Apple MDM push certificate.</summary>
public sealed class SimulatedApnsCertificate
{
    public string Id { get; init; } = Guid.NewGuid().ToString();
    public string? AppleIdentifier { get; set; }
    public string TopicIdentifier { get; set; } = $"com.apple.mgmt.External.{Guid.NewGuid()}";
    public DateTimeOffset? ExpirationDateTime { get; set; }
    public string CertificateSerialNumber { get; set; } = "5C4D2E1F00A1";
    public string CertificateUploadStatus { get; set; } = "success";
    public string? CertificateUploadFailureReason { get; set; }
}
