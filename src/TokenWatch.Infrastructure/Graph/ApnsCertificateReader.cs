using TokenWatch.Core.Tokens;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>The Apple MDM push certificate: Graph v1.0 <c>applePushNotificationCertificate</c>, a singleton.</summary>
public sealed class ApnsCertificateReader : ITokenKindReader
{
    /// <summary>A singleton: one stable id per tenant keeps its alerts together across renewals.</summary>
    public const string TokenId = "apns";

    private const string Name = "Apple MDM push certificate";

    public async Task<IReadOnlyList<TokenObservation>> ReadAsync(
        TenantGraph graph,
        string tenantId,
        RequestTrace trace,
        CancellationToken cancellationToken
    )
    {
        var request = trace.Tag(
            graph.Client.DeviceManagement.ApplePushNotificationCertificate.ToGetRequestInformation()
        );
        var certificate = await graph.Client.RequestAdapter.SendAsync(
            request,
            ApnsCertificateItem.Create,
            GraphCollections.ErrorMapping,
            cancellationToken
        ) ?? throw new GraphResponseException("Graph answered the APNs certificate request with an empty body.");
        return
        [
            new TokenObservation
            {
                TenantId = tenantId,
                Kind = TokenKind.Apns,
                Id = TokenId,
                Name = Name,
                AppleId = certificate.AppleIdentifier,
                ExpiresAt = certificate.ExpirationDateTime,
                State = certificate.CertificateUploadStatus,
                FailureReason = certificate.CertificateUploadFailureReason,
                TopicId = certificate.TopicIdentifier,
                Problems = certificate.Problems,
            },
        ];
    }

    /// <summary>
    /// Graph answers a tenant without a push certificate with 404 and its JSON error: its own state, not a failure.
    /// </summary>
    public IReadOnlyList<TokenObservation>? WhenNotFound(string tenantId) =>
        [
            new()
            {
                TenantId = tenantId,
                Kind = TokenKind.Apns,
                Id = TokenId,
                Name = Name,
                NotConfigured = true,
            },
        ];
}
