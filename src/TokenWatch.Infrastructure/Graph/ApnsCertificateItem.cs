using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>The APNs certificate singleton; <c>certificate</c> itself is deliberately not read.</summary>
public sealed class ApnsCertificateItem : GraphItem
{
    public string? AppleIdentifier { get; private set; }
    public string? TopicIdentifier { get; private set; }
    public DateTimeOffset? ExpirationDateTime { get; private set; }
    public string? CertificateUploadStatus { get; private set; }
    public string? CertificateUploadFailureReason { get; private set; }

    public static ApnsCertificateItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["appleIdentifier"] = n => AppleIdentifier = ReadString(n, "appleIdentifier");
        fields["topicIdentifier"] = n => TopicIdentifier = ReadString(n, "topicIdentifier");
        fields["expirationDateTime"] = n => ExpirationDateTime = ReadDate(n, "expirationDateTime");
        fields["certificateUploadStatus"] = n => CertificateUploadStatus = ReadString(n, "certificateUploadStatus");
        fields["certificateUploadFailureReason"] = n =>
            CertificateUploadFailureReason = ReadString(n, "certificateUploadFailureReason");
    }
}
