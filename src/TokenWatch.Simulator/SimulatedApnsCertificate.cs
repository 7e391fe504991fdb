namespace TokenWatch.Simulator;

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
